import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toAuditExportLine } from '../../audit/to-audit-export-line.ts';
import { openExistingAuditStore } from '../../store/audit/open-audit-store.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast audit export --since DATE [--until DATE] [--data DIR]

Prints the audit trail as JSON lines, one client request per line with its upstream attempts,
oldest first. Reads the data directory directly; the gateway may be running.

Options:
  --since DATE   first day (2026-11-01, UTC) or instant (2026-11-01T12:00:00Z), included
  --until DATE   end, excluded (a day means its midnight, UTC); default: now
  --data DIR     data directory (default ./.outlast)
  -h, --help     this text`;

/** Epoch ms of `YYYY-MM-DD` (UTC midnight) or an ISO instant; undefined when it is neither. */
export function parseInstant(text: string): number | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(day)) return undefined;
  const ms = Date.parse(day);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `outlast audit export`: the audit trail as JSON lines. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { since?: string; until?: string; data?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.stderr(`outlast audit: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const usageError = (message: string) => {
    io.stderr(`outlast audit: ${message}\n\n${USAGE}`);
    return 2;
  };
  if (positionals[0] !== 'export' || positionals.length > 1) {
    return usageError(
      positionals[0] === undefined ? 'missing action: export' : `unknown action '${positionals.join(' ')}'`,
    );
  }
  if (values.since === undefined) return usageError('export needs --since');
  const sinceMs = parseInstant(values.since);
  if (sinceMs === undefined) return usageError(`--since must be a date such as 2026-11-01, got '${values.since}'`);
  const untilMs = values.until === undefined ? undefined : parseInstant(values.until);
  if (values.until !== undefined && untilMs === undefined) {
    return usageError(`--until must be a date such as 2026-11-30, got '${values.until}'`);
  }
  const dataDir = resolve(io.cwd, values.data ?? '.outlast');
  const store = openExistingAuditStore(dataDir);
  if (store === undefined) {
    io.stderr(`outlast audit: no audit trail in ${dataDir} (start the gateway with --data ${dataDir})`);
    return 1;
  }
  try {
    for (const record of store.scan({ sinceMs, untilMs })) io.stdout(toAuditExportLine(record));
  } finally {
    store.close();
  }
  return 0;
}
