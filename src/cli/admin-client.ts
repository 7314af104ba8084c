import type { CliIo } from './io.ts';

/** Default gateway URL of the admin commands. */
export const defaultAdminUrl = 'http://127.0.0.1:8700';

/** A failure to talk to the admin API, with a message for the terminal. */
export class AdminRequestError extends Error {}

/** GETs `path` of the admin API at `baseUrl` with `OUTLAST_ADMIN_KEY`; the parsed JSON, or an AdminRequestError. */
export async function fetchAdmin(io: CliIo, baseUrl: string, path: string): Promise<unknown> {
  const key = io.env.OUTLAST_ADMIN_KEY;
  if (key === undefined || key === '') throw new AdminRequestError('set OUTLAST_ADMIN_KEY to the gateway admin key');
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), { headers: { authorization: `Bearer ${key}` }, signal: io.signal });
  } catch (error) {
    throw new AdminRequestError(`cannot reach ${baseUrl}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AdminRequestError(`${baseUrl}${path} answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    throw new AdminRequestError(`${response.status}: ${message}`);
  }
  return body;
}

/** Lays rows out as a left-aligned text table under a header. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A ratio as a percentage with `digits` decimals, or `-`. */
export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  return ratio === null || ratio === undefined ? '-' : `${(ratio * 100).toFixed(digits)}%`;
}

/** Milliseconds as `1h 02m`, `4m 05s` or `12s`; `-` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  const sign = ms < 0 ? '-' : '';
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${sign}${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${sign}${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${sign}${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}
