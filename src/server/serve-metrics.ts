import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { METRICS_CONTENT_TYPE } from '../metrics/metric-registry.ts';

function sendProblem(response: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** `GET /metrics`: the Prometheus exposition text; a Bearer key when `server.metrics_key` is set. */
export function serveMetrics(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: { render: () => string; key: () => string | undefined },
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendProblem(response, 405, 'method_not_allowed', `/metrics takes GET, not ${request.method}.`);
    return;
  }
  const key = metrics.key();
  if (key !== undefined) {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const expected = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.setHeader('www-authenticate', 'Bearer');
      sendProblem(response, 401, 'unauthorized', 'Send the metrics key as Authorization: Bearer <key>.');
      return;
    }
  }
  const body = metrics.render();
  response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  response.end(request.method === 'HEAD' ? undefined : body);
}
