import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { GuardedRequest } from '../access/create-request-guard.ts';
import type { GatewayAnswer } from '../core/gateway-request.ts';
import type { Gateway } from '../gateway.ts';
import { readRelayJson } from '../pipeline/relay/create-relay.ts';
import type { RelayVendor } from '../pipeline/relay/find-relay-vendor.ts';
import { gatewayOriginOf, pointBodyAtGateway, pointHeadersAtGateway } from '../pipeline/relay/point-at-gateway.ts';
import { readBody } from './read-body.ts';

/**
 * Request headers never relayed: hop-by-hop ones, the client's credentials and account selectors (the provider's
 * take their place), Outlast's own, and `accept-encoding` (answers come back plain, so created ids can be read).
 */
const droppedRequestHeaders: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'openai-organization',
  'openai-project',
  'cookie',
  'accept-encoding',
  'traceparent',
  'tracestate',
]);

/** Answer headers never passed back: hop-by-hop ones, cookies, and the length (the body may have been read). */
const droppedAnswerHeaders: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'set-cookie',
  'trailer',
  'upgrade',
]);

/** The headers of a client request that go on to the vendor. */
export function relayedRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || droppedRequestHeaders.has(name) || name.startsWith('x-outlast-')) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** The query without a Gemini `key` (the client's credential). */
export function relayedSearch(search: string): string {
  if (search === '' || !search.includes('key=')) return search;
  const params = new URLSearchParams(search.slice(1));
  params.delete('key');
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
}

/**
 * Serves a request for another path of a vendor's API through the gateway's relay: the client key is checked and
 * admitted like any request's (a key limited to routes may use only a body naming one of them), the body read within
 * the limit, the answer passed back with the vendor's status, headers and body, plus Outlast's `x-outlast-*` headers.
 */
export async function serveRelay(input: {
  gateway: Gateway;
  request: IncomingMessage;
  response: ServerResponse;
  vendor: RelayVendor;
  path: string;
  search: string;
  requestId: string;
  guarded: GuardedRequest | undefined;
  bodyLimitBytes: number;
  scrubSecrets: ((body: Buffer) => Buffer) | undefined;
}): Promise<void> {
  const { request, response, guarded, requestId } = input;
  guarded?.authenticate();
  const method = (request.method ?? 'GET').toUpperCase();
  const raw = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request, input.bodyLimitBytes);
  const headers = relayedRequestHeaders(request.headers);
  const json = readRelayJson(raw, headers['content-type']);
  const model = typeof json?.model === 'string' ? json.model : '';
  guarded?.admit({ model, stream: false, raw: raw ?? Buffer.alloc(0), body: {} });
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const answer = await input.gateway.relay({
    vendor: input.vendor,
    method,
    path: input.path + relayedSearch(input.search),
    headers,
    body: raw !== undefined && raw.length === 0 && method === 'DELETE' ? undefined : raw,
    json,
    signal: controller.signal,
  });
  let body = answer.body;
  if (answer.status >= 400 && Buffer.isBuffer(body) && input.scrubSecrets !== undefined)
    body = input.scrubSecrets(body);
  // URLs of the provider in the answer (a batch's results_url, an upload URL) are pointed at the gateway.
  const origin = gatewayOriginOf(request.headers, (request.socket as { encrypted?: boolean }).encrypted === true);
  if (Buffer.isBuffer(body) && answer.status < 400) body = pointBodyAtGateway(body, answer.relayedPath, origin);
  const answerHeaders = pointHeadersAtGateway(answer.headers, answer.relayedPath, origin);
  const out: string[] = [];
  for (const [name, value] of Object.entries(answerHeaders)) {
    if (value === undefined || droppedAnswerHeaders.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.push(name, one);
  }
  out.push(
    'x-outlast-request-id',
    requestId,
    'x-outlast-provider',
    answer.provider,
    'x-outlast-attempts',
    String(answer.attempts),
    'x-outlast-fallback',
    answer.fallback ? 'true' : 'false',
  );
  const upstreamId = answer.headers['request-id'] ?? answer.headers['x-request-id'];
  if (typeof upstreamId === 'string') out.push('x-outlast-upstream-request-id', upstreamId);
  const handed: GatewayAnswer = {
    status: answer.status,
    headers: answer.headers,
    body,
    prefix: [],
    stream: false,
    provider: answer.provider,
    model: '',
    attempts: answer.attempts,
    fallback: answer.fallback,
  };
  if (Buffer.isBuffer(body)) {
    out.push('content-length', String(body.length));
    response.writeHead(answer.status, out);
    response.end(method === 'HEAD' ? undefined : body);
    guarded?.answered(handed);
    return;
  }
  response.writeHead(answer.status, out);
  guarded?.answered(handed);
  body.on('error', () => response.destroy());
  body.pipe(response);
}
