import { parseArgs } from 'node:util';
import type { SlaReport } from '../../monitor/build-sla-report.ts';
import { AdminRequestError, defaultAdminUrl, fetchAdmin, formatDuration, formatTable } from '../admin-client.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast sla --target PERCENT --month YYYY-MM [--provider P] [--model M] [--url URL] [--json]

Prints each provider's uptime for a month against an SLA target, with the credit owed under
monitoring.sla.credits, MTTD, MTTR, MTBF and incidents the vendor never posted.
Uptime is the time-weighted figure (major outage counts 1.0, partial 0.3, degraded 0;
vendor maintenance excluded). Reads OUTLAST_ADMIN_KEY.

Options:
  -t, --target PERCENT  SLA target, e.g. 99.9 (default 99.9)
  -m, --month YYYY-MM   month in UTC (default: this month)
  -p, --provider P      one provider only
      --model M         one model of that provider only
  -u, --url URL         gateway base URL (default ${defaultAdminUrl})
      --json            print the raw report
  -h, --help            show this help`;

const pct = (value: number | null) => (value === null ? '-' : `${value.toFixed(3)}%`);

/** `outlast sla`: the month's uptime against a target and the credit owed. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        target: { type: 'string', short: 't' },
        month: { type: 'string', short: 'm' },
        provider: { type: 'string', short: 'p' },
        model: { type: 'string' },
        url: { type: 'string', short: 'u' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast sla: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const target = String(values.target ?? '99.9');
  if (!(Number(target) > 0 && Number(target) <= 100)) {
    io.stderr(`outlast sla: --target must be a percentage in (0, 100], got '${target}'\n\n${USAGE}`);
    return 2;
  }
  const month = typeof values.month === 'string' ? values.month : new Date().toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    io.stderr(`outlast sla: --month must be YYYY-MM, got '${month}'\n\n${USAGE}`);
    return 2;
  }
  const query = new URLSearchParams({ target, month });
  if (typeof values.provider === 'string') query.set('provider', values.provider);
  if (typeof values.model === 'string') query.set('model', values.model);
  try {
    const report = (await fetchAdmin(
      io,
      String(values.url ?? defaultAdminUrl),
      `/admin/api/sla?${query}`,
    )) as SlaReport;
    if (values.json) {
      io.stdout(JSON.stringify(report, null, 2));
      return 0;
    }
    if (report.lines.length === 0) {
      io.stdout(`No history for ${month}.`);
      return 0;
    }
    const rows = report.lines.map((line) => [
      line.model === null ? line.provider : `${line.provider}/${line.model}`,
      pct(line.uptime_percent),
      line.met === null ? '-' : line.met ? 'met' : 'MISSED',
      `${line.credit_percent}%`,
      pct(line.provider_availability_percent),
      pct(line.delivered_availability_percent),
      String(line.incidents),
      formatDuration(line.mttd_ms),
      formatDuration(line.mttr_ms),
      formatDuration(line.mtbf_ms),
      String(line.vendor_never_posted),
    ]);
    io.stdout(`SLA ${month}, target ${report.target_percent}%`);
    io.stdout(
      formatTable(
        [
          'PROVIDER',
          'UPTIME',
          'SLA',
          'CREDIT',
          'PROVIDER AVAIL',
          'DELIVERED',
          'INCIDENTS',
          'MTTD',
          'MTTR',
          'MTBF',
          'VENDOR SILENT',
        ],
        rows,
      ),
    );
    io.stdout(`Credit table: ${report.credits.map((tier) => `<${tier.below}% → ${tier.credit}%`).join(', ')}`);
    return 0;
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    io.stderr(`outlast sla: ${error.message}`);
    return 1;
  }
}
