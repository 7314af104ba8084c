import { parseArgs } from 'node:util';
import type { HealthReport, TargetHealth } from '../../monitor/create-monitor.ts';
import { AdminRequestError, defaultAdminUrl, fetchAdmin, formatPercent, formatTable } from '../admin-client.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast status [--url URL] [--json]

Prints providers and models of a running gateway: state, error rate and p50/p95 latency over
5 minutes, breaker, uptime over 24 h and 30 d, open incidents. Reads OUTLAST_ADMIN_KEY.

Options:
  -u, --url URL   gateway base URL (default ${defaultAdminUrl})
      --json      print the raw health report
  -h, --help      show this help`;

const day = 86_400_000;

async function uptime(
  io: CliIo,
  url: string,
  provider: string,
  model: string | undefined,
  spanMs: number,
  now: number,
) {
  const query = new URLSearchParams({ provider, from: String(now - spanMs), to: String(now) });
  if (model !== undefined) query.set('model', model);
  const body = (await fetchAdmin(io, url, `/admin/api/history?${query}`)) as { figures: { timeWeighted?: number } };
  return body.figures.timeWeighted;
}

function latency(target: TargetHealth | undefined): string {
  const window = target?.windows['5m'];
  if (window?.p50LatencyMs === undefined) return '-';
  return `${window.p50LatencyMs}/${window.p95LatencyMs ?? '-'} ms`;
}

/** `outlast status`: the terminal table of SPEC from the admin API. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { url?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        url: { type: 'string', short: 'u' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast status: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const url = values.url ?? defaultAdminUrl;
  try {
    const health = (await fetchAdmin(io, url, '/admin/api/health')) as HealthReport;
    if (values.json) {
      io.stdout(JSON.stringify(health, null, 2));
      return 0;
    }
    const now = health.generated_at;
    const rows: string[][] = [];
    for (const provider of health.providers) {
      const targets = health.targets.filter((target) => target.provider === provider.provider);
      const errors = targets.reduce((sum, target) => sum + target.windows['5m'].error, 0);
      const total = targets.reduce((sum, target) => sum + target.windows['5m'].error + target.windows['5m'].ok, 0);
      const open = targets.filter((target) => target.breaker === 'open').length;
      rows.push([
        provider.provider,
        provider.state ?? 'no data',
        total === 0 ? '-' : formatPercent(errors / total, 1),
        '',
        open === 0 ? (targets.length === 0 ? '-' : 'closed') : `${open} open`,
        formatPercent(await uptime(io, url, provider.provider, undefined, day, now)),
        formatPercent(await uptime(io, url, provider.provider, undefined, 30 * day, now)),
        provider.open_incident ?? '',
      ]);
      for (const target of targets) {
        const window = target.windows['5m'];
        rows.push([
          `  ${target.model}`,
          target.state ?? 'no data',
          formatPercent(window.errorRate, 1),
          latency(target),
          target.breaker ?? '-',
          formatPercent(await uptime(io, url, target.provider, target.model, day, now)),
          formatPercent(await uptime(io, url, target.provider, target.model, 30 * day, now)),
          '',
        ]);
      }
    }
    io.stdout(
      formatTable(
        ['PROVIDER / MODEL', 'STATE', 'ERRORS 5m', 'P50/P95', 'BREAKER', 'UP 24h', 'UP 30d', 'OPEN INCIDENT'],
        rows,
      ),
    );
    if (health.self === 'our_network')
      io.stdout('\nEvery provider is failing at once: the problem is likely our own network.');
    io.stdout(`\nProbes since start: ${health.probes.count} (${health.probes.tokens} tokens)`);
    return 0;
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    io.stderr(`outlast status: ${error.message}`);
    return 1;
  }
}
