import { createServer } from 'node:net';
import { request } from 'undici';
import { sleep } from './processes.ts';

/** A port that was free on 127.0.0.1 a moment ago (for programs that need --port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` with GET until it answers `status`; throws with the last problem after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; status?: number; isAlive?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.isAlive !== undefined && !options.isAlive()) throw new Error(`process exited; last: ${last}`);
    try {
      const response = await request(url, { method: 'GET', headersTimeout: 1000, bodyTimeout: 1000 });
      const text = await response.body.text();
      if (response.statusCode === (options.status ?? 200)) return;
      last = `${response.statusCode} ${text.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(50);
  }
  throw new Error(`${url} not ready within ${options.timeoutMs} ms; last: ${last}`);
}

/** POSTs JSON and returns the parsed answer (control plane only, never a measured path). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${text}`);
  return JSON.parse(text);
}

export async function getJson(url: string): Promise<unknown> {
  const response = await request(url, { method: 'GET' });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${text}`);
  return JSON.parse(text);
}
