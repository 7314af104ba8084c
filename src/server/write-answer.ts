import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { GatewayAnswer } from '../core/gateway-request.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import type { ClientFormat } from '../errors/render-error.ts';
import { renderStreamError } from '../errors/render-stream-error.ts';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The x-outlast-* headers of SPEC, plus the few upstream headers a client needs, as a flat array (cheapest form). */
function answerHeaders(answer: GatewayAnswer, requestId: string, format: ClientFormat): string[] {
  const headers = [
    'content-type',
    firstHeader(answer.headers['content-type']) ?? 'application/json',
    'x-outlast-request-id',
    requestId,
    'request-id',
    requestId,
    'x-outlast-provider',
    answer.provider,
    'x-outlast-model',
    answer.model,
    'x-outlast-attempts',
    String(answer.attempts),
    'x-outlast-fallback',
    answer.fallback ? 'true' : 'false',
    'x-outlast-cache',
    answer.cache ?? 'bypass',
  ];
  if (answer.cacheSimilarity !== undefined)
    headers.push('x-outlast-cache-similarity', answer.cacheSimilarity.toFixed(4));
  if (answer.degraded !== undefined) headers.push('x-outlast-degraded', answer.degraded);
  // A request the ladder queued points at its job.
  const location = firstHeader(answer.headers.location);
  if (answer.degraded === 'queued' && location !== undefined) headers.push('location', location);
  if (format === 'openai') headers.push('x-request-id', requestId);
  if (answer.warnings !== undefined && answer.warnings.length > 0)
    headers.push('x-outlast-warnings', warningsHeader(answer));
  const upstreamId = firstHeader(answer.headers['request-id'] ?? answer.headers['x-request-id']);
  if (upstreamId !== undefined) headers.push('x-outlast-upstream-request-id', upstreamId);
  if (answer.status >= 400) {
    const retryAfter = firstHeader(answer.headers['retry-after']);
    if (retryAfter !== undefined) headers.push('retry-after', retryAfter);
  }
  return headers;
}

/** Writes a pipeline answer: whole bodies in one write with a length, streams relayed chunk by chunk. */
export function writeAnswer(
  response: ServerResponse,
  answer: GatewayAnswer,
  requestId: string,
  format: ClientFormat,
): void {
  const headers = answerHeaders(answer, requestId, format);
  const body = answer.body;
  if (Buffer.isBuffer(body)) {
    headers.push('content-length', String(body.length));
    response.writeHead(answer.status, headers);
    response.end(body);
    return;
  }
  headers.push('cache-control', 'no-cache', 'x-accel-buffering', 'no');
  response.writeHead(answer.status, headers);
  // The headers and the events read before the commit point leave in one write.
  response.cork();
  for (const chunk of answer.prefix) response.write(chunk);
  response.uncork();
  relay(body, response, format);
}

/** Relays an upstream SSE body without buffering, honouring back-pressure; a broken upstream ends with an error event. */
function relay(body: Readable, response: ServerResponse, format: ClientFormat): void {
  // The body may have ended or failed while the pipeline awaited the commit point.
  if (body.readableEnded) {
    response.end();
    return;
  }
  if (body.errored !== null) {
    endWithError(response, format);
    return;
  }
  const onDrain = () => body.resume();
  body.on('data', (chunk: Buffer) => {
    if (!response.write(chunk)) {
      body.pause();
      response.once('drain', onDrain);
    }
  });
  body.on('end', () => response.end());
  body.resume();
  body.on('error', () => endWithError(response, format));
}

function endWithError(response: ServerResponse, format: ClientFormat): void {
  if (response.destroyed) return;
  const error = new OutlastError(
    'OUTLAST_STREAM_INTERRUPTED',
    'The upstream stream broke after the answer had started.',
    {
      shouldRetry: false,
    },
  );
  response.end(renderStreamError(error, format));
}

/** `code` or `code:field` per warning, comma-separated, ASCII only, at most 2 KB. */
function warningsHeader(answer: GatewayAnswer): string {
  const text = (answer.warnings ?? [])
    .map((warning) => (warning.field === undefined ? warning.code : `${warning.code}:${warning.field}`))
    .join(', ')
    .replace(/[^\x20-\x7e]/g, '?');
  return text.length > 2048 ? `${text.slice(0, 2045)}...` : text;
}
