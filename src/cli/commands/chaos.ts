import { parseArgs } from 'node:util';
import type { ChaosFault } from '../../chaos/chaos-fault.ts';
import { defaultAdminUrl, formatTable } from '../admin-client.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast chaos --target PROVIDER[/MODEL] [--fail STATUS] [--rate R] [--for DURATION] [options]
       outlast chaos --list | --clear | --remove ID

Injects faults into a running gateway's upstream attempts (chaos mode, for staging): a matching attempt
fails with STATUS as if the provider answered it, so breakers, failover and the monitor react as in a
real outage. Faults expire by themselves and show in GET /admin/api/health ("chaos").
The admin key is read from OUTLAST_ADMIN_KEY.

Options:
      --target P[/M]    provider id of the config, optionally one upstream model (globs allowed)
      --fail STATUS     HTTP status of the injected failures (default 503)
      --rate R          share of matching attempts that fail, 0 to 1 (default 1)
      --latency-ms N    delay added to matching attempts (default 0)
      --for DURATION    lifetime, e.g. 90s, 10m, 1h (default 10m, at most 24h)
      --url U           gateway URL (default ${defaultAdminUrl})
      --list            lists the active faults
      --clear           removes every fault
      --remove ID       removes one fault
  -h, --help            show this help`;

async function callAdmin(
  io: CliIo,
  options: { url: string; method: string; path: string; body?: unknown },
): Promise<{ ok: true; body: unknown } | { ok: false; message: string }> {
  const key = io.env.OUTLAST_ADMIN_KEY;
  if (key === undefined || key === '') return { ok: false, message: 'set OUTLAST_ADMIN_KEY to the gateway admin key' };
  let response: Response;
  try {
    response = await fetch(new URL(options.path, options.url), {
      method: options.method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: io.signal,
    });
  } catch (error) {
    return { ok: false, message: `cannot reach ${options.url}: ${(error as Error).cause ?? (error as Error).message}` };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, message: `${options.url} answered ${response.status} without JSON` };
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    return { ok: false, message: `${response.status}: ${message}` };
  }
  return { ok: true, body };
}

function describe(fault: ChaosFault): string[] {
  return [
    fault.id,
    fault.model === undefined ? fault.provider : `${fault.provider}/${fault.model}`,
    String(fault.status),
    String(fault.rate),
    `${fault.latencyMs}`,
    new Date(fault.expiresAt).toISOString(),
  ];
}

/** `outlast chaos`: adds, lists or removes chaos faults of a running gateway. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    io.stderr(`outlast chaos: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const url = values.url ?? defaultAdminUrl;
  const actions = [values.list, values.clear, values.remove, values.target].filter((value) => value !== undefined);
  if (actions.length !== 1) {
    io.stderr(`outlast chaos: give one of --target, --list, --clear, --remove\n\n${USAGE}`);
    return 2;
  }
  if (values.list === true) {
    const answer = await callAdmin(io, { url, method: 'GET', path: '/admin/api/faults' });
    if (!answer.ok) return fail(io, answer.message);
    const faults = (answer.body as { faults: ChaosFault[] }).faults;
    io.stdout(
      faults.length === 0
        ? 'no active fault'
        : formatTable(['ID', 'TARGET', 'STATUS', 'RATE', 'LATENCY_MS', 'EXPIRES'], faults.map(describe)),
    );
    return 0;
  }
  if (values.clear === true || values.remove !== undefined) {
    const path =
      values.remove === undefined ? '/admin/api/faults' : `/admin/api/faults/${encodeURIComponent(values.remove)}`;
    const answer = await callAdmin(io, { url, method: 'DELETE', path });
    if (!answer.ok) return fail(io, answer.message);
    io.stdout(`removed ${(answer.body as { removed: number }).removed} fault(s)`);
    return 0;
  }
  const target = values.target ?? '';
  const slash = target.indexOf('/');
  const body: Record<string, unknown> = {
    provider: slash === -1 ? target : target.slice(0, slash),
    ...(slash === -1 ? {} : { model: target.slice(slash + 1) }),
  };
  const numbers = { fail: 'status', rate: 'rate', 'latency-ms': 'latency_ms' } as const;
  for (const [flag, field] of Object.entries(numbers)) {
    const text = values[flag as keyof typeof numbers];
    if (text === undefined) continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      io.stderr(`outlast chaos: --${flag} expects a number, got '${text}'`);
      return 2;
    }
    body[field] = value;
  }
  if (values.for !== undefined) body.for = values.for;
  const answer = await callAdmin(io, { url, method: 'POST', path: '/admin/api/faults', body });
  if (!answer.ok) return fail(io, answer.message, answer.message.startsWith('400') ? 2 : 1);
  const fault = (answer.body as { fault: ChaosFault }).fault;
  io.stdout(formatTable(['ID', 'TARGET', 'STATUS', 'RATE', 'LATENCY_MS', 'EXPIRES'], [describe(fault)]));
  return 0;
}

function fail(io: CliIo, message: string, code = 1): number {
  io.stderr(`outlast chaos: ${message}`);
  return code;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      target: { type: 'string' },
      fail: { type: 'string' },
      rate: { type: 'string' },
      'latency-ms': { type: 'string' },
      for: { type: 'string' },
      url: { type: 'string' },
      list: { type: 'boolean' },
      clear: { type: 'boolean' },
      remove: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
