import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { OutlastError } from '../errors/outlast-error.ts';
import { renderError } from '../errors/render-error.ts';
import { createRequestId } from './create-request-id.ts';

const message =
  'Outlast does not serve WebSocket connections; send the request as HTTP (POST /v1/responses streams over SSE).';

/**
 * Answers every HTTP upgrade (WebSocket) at once with 426 and closes the connection. Codex tries a WebSocket on
 * `/v1/responses` before HTTP and falls back only on a prompt non-101 answer; a hanging upgrade would stall it.
 * @see ../../docs/coding-agents.md
 */
export function refuseUpgrade(request: IncomingMessage, socket: Duplex): void {
  const requestId = createRequestId();
  const path = request.url ?? '/';
  const format =
    path.startsWith('/v1/messages') || request.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
  const rendered = renderError(new OutlastError('OUTLAST_WEBSOCKET_UNSUPPORTED', message), format, requestId);
  const head = [
    `HTTP/1.1 ${rendered.status} Upgrade Required`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(rendered.body)}`,
    // 426 must name the protocol to use: plain HTTP/1.1.
    'upgrade: HTTP/1.1',
    'connection: close',
    `x-outlast-request-id: ${requestId}`,
    `request-id: ${requestId}`,
  ];
  socket.on('error', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${rendered.body}`);
}
