import { parseArgs } from 'node:util';
import type { CliIo } from '../io.ts';
import { parseDuration } from '../parse-duration.ts';

const USAGE = `Usage: outlast keys <create|list|rotate|revoke> [options]

Manages client keys through the running gateway's admin API (admin key from OUTLAST_ADMIN_KEY).

  outlast keys create --name NAME [--rpm N] [--tpm N] [--budget-usd X] [--budget-daily-usd X]
                      [--routes a,b] [--expires 90d]
  outlast keys list
  outlast keys rotate ID
  outlast keys revoke ID

Options:
  --url URL              gateway base URL (default http://127.0.0.1:8700)
  --name NAME            a name for the key, e.g. billing-bot
  --rpm N                requests per minute
  --tpm N                tokens (input + output) per minute
  --budget-usd X         monthly budget in USD (UTC calendar month)
  --budget-daily-usd X   daily budget in USD (UTC day)
  --routes a,b           model names (routes) the key may use; default all
  --expires DURATION     lifetime: 90d, 12h, 30m, 45s or seconds; default never
  --json                 print the admin API's JSON answer
  -h, --help             this text

The key is printed once, at creation or rotation: store it then.`;

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  status: string;
  expires_at: string | null;
  rpm: number | null;
  tpm: number | null;
  budget_usd: number | null;
  budget_daily_usd: number | null;
  routes: string[] | null;
  spend_today_usd: number;
  spend_month_usd: number;
}

function positiveNumber(text: string | undefined, flag: string, integer: boolean): number | undefined | Error {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    return new Error(`${flag} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return value;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_cell, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function money(value: number | null): string {
  return value === null ? '-' : `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

/** `outlast keys`: create, list, rotate and revoke client keys through the admin API. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args,
      options: {
        url: { type: 'string' },
        name: { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        'budget-usd': { type: 'string' },
        'budget-daily-usd': { type: 'string' },
        routes: { type: 'string' },
        expires: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  try {
    parsed = parse();
  } catch (error) {
    io.stderr(`outlast keys: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const [action, id, ...extra] = positionals;
  const usageError = (message: string) => {
    io.stderr(`outlast keys: ${message}\n\n${USAGE}`);
    return 2;
  };
  if (extra.length > 0) return usageError(`unexpected argument '${extra[0]}'`);
  const adminKey = io.env.OUTLAST_ADMIN_KEY;
  if (adminKey === undefined || adminKey === '') return usageError('set OUTLAST_ADMIN_KEY to the gateway admin key');
  const base = (values.url ?? 'http://127.0.0.1:8700').replace(/\/+$/, '');

  let method: string;
  let path: string;
  let body: Record<string, unknown> | undefined;
  if (action === 'create') {
    if (id !== undefined) return usageError(`unexpected argument '${id}'`);
    if (values.name === undefined || values.name.trim() === '') return usageError('create needs --name');
    const rpm = positiveNumber(values.rpm, '--rpm', true);
    const tpm = positiveNumber(values.tpm, '--tpm', true);
    const budget = positiveNumber(values['budget-usd'], '--budget-usd', false);
    const daily = positiveNumber(values['budget-daily-usd'], '--budget-daily-usd', false);
    for (const value of [rpm, tpm, budget, daily]) if (value instanceof Error) return usageError(value.message);
    const expires = values.expires === undefined ? undefined : parseDuration(values.expires);
    if (values.expires !== undefined && expires === undefined) {
      return usageError(`--expires must be a duration such as 90d, 12h or 30m, got '${values.expires}'`);
    }
    const routes = values.routes
      ?.split(',')
      .map((route) => route.trim())
      .filter((route) => route !== '');
    if (routes !== undefined && routes.length === 0) return usageError('--routes needs at least one route');
    body = { name: values.name.trim() };
    if (rpm !== undefined) body.rpm = rpm;
    if (tpm !== undefined) body.tpm = tpm;
    if (budget !== undefined) body.budget_usd = budget;
    if (daily !== undefined) body.budget_daily_usd = daily;
    if (routes !== undefined) body.routes = routes;
    if (expires !== undefined) body.expires_in_s = expires;
    method = 'POST';
    path = '/admin/api/keys';
  } else if (action === 'list') {
    if (id !== undefined) return usageError(`unexpected argument '${id}'`);
    method = 'GET';
    path = '/admin/api/keys';
  } else if (action === 'rotate' || action === 'revoke') {
    if (id === undefined) return usageError(`${action} needs a key id (see outlast keys list)`);
    method = action === 'rotate' ? 'POST' : 'DELETE';
    path = `/admin/api/keys/${encodeURIComponent(id)}${action === 'rotate' ? '/rotate' : ''}`;
  } else {
    return usageError(action === undefined ? 'missing action' : `unknown action '${action}'`);
  }

  let status: number;
  let answer: unknown;
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: io.signal,
    });
    status = response.status;
    const text = await response.text();
    try {
      answer = JSON.parse(text);
    } catch {
      answer = { error: { code: 'not_json', message: text.slice(0, 200) } };
    }
  } catch (error) {
    io.stderr(`outlast keys: cannot reach the gateway at ${base}: ${(error as Error).message}`);
    return 1;
  }
  if (status >= 400) {
    const problem = (answer as { error?: { code?: string; message?: string } }).error;
    io.stderr(`outlast keys: ${status} ${problem?.code ?? ''}: ${problem?.message ?? 'request failed'}`);
    return 1;
  }
  if (values.json === true) {
    io.stdout(JSON.stringify(answer, null, 2));
    return 0;
  }
  if (action === 'list') {
    const keys = (answer as { keys: KeyView[] }).keys;
    if (keys.length === 0) {
      io.stdout('no client keys: the gateway accepts any client key');
      return 0;
    }
    const rows = [['ID', 'NAME', 'KEY', 'STATUS', 'RPM', 'TPM', 'BUDGET/MONTH', 'SPENT/MONTH', 'ROUTES', 'EXPIRES']];
    for (const key of keys) {
      rows.push([
        key.id,
        key.name,
        `${key.prefix}...`,
        key.status,
        key.rpm === null ? '-' : String(key.rpm),
        key.tpm === null ? '-' : String(key.tpm),
        money(key.budget_usd),
        money(key.spend_month_usd),
        key.routes === null ? 'all' : key.routes.join(','),
        key.expires_at ?? 'never',
      ]);
    }
    io.stdout(table(rows));
    return 0;
  }
  if (action === 'revoke') {
    io.stdout(`revoked ${id}: it is refused from now on`);
    return 0;
  }
  const issued = answer as { id: string; key: string };
  io.stdout(`${action === 'create' ? 'created' : 'rotated'} ${issued.id}`);
  io.stdout(`key: ${issued.key}`);
  io.stdout('This is the only time the key is shown: store it now.');
  return 0;
}
