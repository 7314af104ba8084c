import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface ReceivedRequest {
  /** Request path. */
  path: string;
  /** Headers. */
  headers: IncomingHttpHeaders;
  /** Body as text. */
  body: string;
  /** Status the receiver answered. */
  status: number;
}

/** A scripted loopback HTTP endpoint standing in for Slack, Discord, PagerDuty or a user's webhook. */
export interface HttpReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  /** Every request, in order of arrival. */
  requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  accepted(): ReceivedRequest[];
  /** Makes the next `count` requests fail with `status`. */
  failNext(count: number, status?: number): void;
  /** Stops it. */
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 answering `okStatus` (200 by default) unless told to fail. */
export async function startHttpReceiver(okStatus = 200): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let status = okStatus;
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        status = failures.status;
      }
      requests.push({
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status < 300 ? '{"status":"success"}' : '{"error":"try later"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted: () => requests.filter((received) => received.status < 300),
    failNext(count, status = 500) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
