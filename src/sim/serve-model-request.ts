import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerTokensOf } from './answer-tokens-of.ts';
import { anthropicVersions } from './anthropic-validate.ts';
import { applyFault } from './apply-fault.ts';
import type { Exchange } from './exchange.ts';
import { geminiFileProblem } from './gemini-file-references.ts';
import { jsonAnswer } from './json-answer.ts';
import { malformedJson } from './malformed-json.ts';
import { renderAnthropicModels, renderGeminiModels, renderOpenAiModels } from './model-lists.ts';
import { isSimError, renderAnswer } from './render-answer.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import { bearerKey, headerText } from './request-credentials.ts';
import { sendAnswer } from './send-answer.ts';
import { sendVendorError } from './send-vendor-error.ts';
import { serveResourceRequest } from './serve-resource-request.ts';
import type { SimError } from './sim-error.ts';

/** Largest request body accepted (the Messages API's limit). */
const maxBodyBytes = 32 * 1024 * 1024;

const exchangeKey = Symbol('outlast.sim.exchange');

interface Carrier {
  [exchangeKey]?: Exchange;
}

function ignore(): void {}

function authProblem(exchange: Exchange): SimError | undefined {
  const { request } = exchange;
  if (exchange.route.azure) return azureProblem(exchange);
  if (exchange.api === 'gemini') {
    // A resumable upload's URL is its own credential: its bytes may come without a key.
    if (exchange.route.action === 'upload') return undefined;
    const key = headerText(request.headers['x-goog-api-key']) ?? new URLSearchParams(exchange.query).get('key');
    if (key !== undefined && key !== null && key.length > 0) return undefined;
    return {
      status: 403,
      type: 'PERMISSION_DENIED',
      message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key.",
    };
  }
  if (exchange.api === 'openai') {
    if (bearerKey(request) !== undefined) return undefined;
    return {
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.",
    };
  }
  const apiKey = headerText(request.headers['x-api-key']);
  if ((apiKey !== undefined && apiKey.length > 0) || bearerKey(request) !== undefined) return undefined;
  return { status: 401, message: 'Missing API key: send x-api-key or Authorization: Bearer.' };
}

/**
 * Azure OpenAI takes the key in `api-key` (401 without it) and answers 404 to a call without `api-version`.
 * @see https://learn.microsoft.com/azure/ai-services/openai/reference#authentication
 */
function azureProblem(exchange: Exchange): SimError | undefined {
  const apiKey = headerText(exchange.request.headers['api-key']);
  if (apiKey === undefined || apiKey.length === 0) {
    return {
      status: 401,
      code: '401',
      message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key.',
    };
  }
  if (!new URLSearchParams(exchange.query).has('api-version'))
    return { status: 404, code: '404', message: 'Resource not found' };
  return undefined;
}

function versionProblem(version: string | undefined): SimError | undefined {
  if (version === undefined) return { status: 400, message: 'anthropic-version: header is required' };
  if (anthropicVersions.includes(version)) return undefined;
  return { status: 400, message: `anthropic-version: '${version}' is not a valid version` };
}

function modelsAnswer(exchange: Exchange): RenderedAnswer {
  const { route } = exchange;
  const body =
    route.kind === 'anthropic-models'
      ? renderAnthropicModels(new URLSearchParams(exchange.query), route.modelId)
      : route.kind === 'gemini-models'
        ? renderGeminiModels(route.modelId)
        : renderOpenAiModels(route.modelId);
  return jsonAnswer(route.modelId, body, 0);
}

/** The cached answer of a request, rendering (and caching) it on a miss; an error when the request is invalid. */
function answerOf(exchange: Exchange, raw: Buffer, version: string): RenderedAnswer | SimError {
  const { route, context } = exchange;
  if (route.kind === 'anthropic-models' || route.kind === 'openai-models' || route.kind === 'gemini-models') {
    return modelsAnswer(exchange);
  }
  const answerTokens = answerTokensOf(exchange);
  // Gemini names the model and the streaming mode in the URL: they are part of what the answer depends on.
  const geminiStream = route.streaming
    ? new URLSearchParams(exchange.query).get('alt') === 'sse'
      ? 'sse'
      : 'json-array'
    : undefined;
  const where = route.api === 'gemini' ? `${route.modelId}|${geminiStream ?? ''}` : version;
  const key = `${route.kind}|${where}|${answerTokens}|${hash('sha1', raw, 'base64')}`;
  const cached = context.cache.get(key);
  if (cached !== undefined) return cached;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return malformedJson(exchange.api);
  }
  const rendered = renderAnswer(route.kind, body, { version, answerTokens, model: route.modelId, geminiStream });
  if (!isSimError(rendered)) context.cache.set(key, rendered);
  return rendered;
}

function serve(exchange: Exchange, raw: Buffer): void {
  const { route, context, api } = exchange;
  if (exchange.bodyBytes > maxBodyBytes) {
    sendVendorError(exchange, { status: 413, message: `Request body exceeds ${maxBodyBytes} bytes.` });
    return;
  }
  if (route.kind === 'not-found') {
    const method = exchange.request.method ?? 'GET';
    sendVendorError(exchange, { status: 404, code: null, message: `Invalid URL (${method} ${exchange.path})` });
    return;
  }
  const problem = authProblem(exchange);
  const version = api === 'anthropic' ? headerText(exchange.request.headers['anthropic-version']) : '';
  const refusal = problem ?? (api === 'anthropic' ? versionProblem(version) : undefined);
  if (refusal !== undefined) {
    sendVendorError(exchange, refusal);
    return;
  }
  if (route.action !== undefined) {
    serveResourceRequest(exchange, raw, version ?? '');
    return;
  }
  const fileProblem = route.kind === 'gemini-generate' ? geminiFileProblem(exchange, raw) : undefined;
  if (fileProblem !== undefined) {
    sendVendorError(exchange, fileProblem);
    return;
  }
  const answer = answerOf(exchange, raw, version ?? '');
  if (isSimError(answer)) {
    sendVendorError(exchange, answer);
    return;
  }
  if (answer.model !== undefined) context.stats.model(answer.model);
  const fault = context.faults.pick({ api, path: exchange.path, model: answer.model });
  if (fault === undefined) {
    sendAnswer(exchange, answer);
    return;
  }
  context.stats.fault(fault.fault);
  applyFault(exchange, answer, fault);
}

function onRequestData(this: IncomingMessage & Carrier, chunk: Buffer): void {
  const exchange = this[exchangeKey]!;
  exchange.bodyBytes += chunk.length;
  if (exchange.bodyBytes <= maxBodyBytes) exchange.chunks.push(chunk);
}

function onRequestEnd(this: IncomingMessage & Carrier): void {
  const exchange = this[exchangeKey]!;
  if (exchange.closed) return;
  const raw = exchange.chunks.length === 1 ? exchange.chunks[0]! : Buffer.concat(exchange.chunks);
  exchange.chunks = [];
  serve(exchange, raw);
}

function onResponseClose(this: ServerResponse & Carrier): void {
  const exchange = this[exchangeKey]!;
  exchange.closed = true;
  if (exchange.timer !== undefined) clearTimeout(exchange.timer);
  exchange.timer = undefined;
  exchange.answer = undefined;
  const finished = this.writableFinished;
  const dropped = exchange.dropped || exchange.context.closing;
  exchange.context.stats.end(finished ? 'completed' : dropped ? 'dropped' : 'cancelled');
  exchange.context.open -= 1;
  if (exchange.context.open === 0) exchange.context.onIdle?.();
}

/**
 * Serves a model-serving request (`/v1/...` and unknown paths): reads the body, checks auth and version, answers from
 * the render cache (or hands a Files or Batches request to `serveResourceRequest`), applies the first matching fault
 * rule, and counts it all. A response that closes before it
 * finished, and was not dropped by the simulator, counts as cancelled by the client.
 */
export function serveModelRequest(exchange: Exchange): void {
  const request = exchange.request as IncomingMessage & Carrier;
  const response = exchange.response as ServerResponse & Carrier;
  exchange.context.stats.begin(exchange.path);
  exchange.context.open += 1;
  request[exchangeKey] = exchange;
  response[exchangeKey] = exchange;
  response.on('close', onResponseClose);
  response.on('error', ignore);
  request.on('error', ignore);
  request.on('data', onRequestData);
  request.on('end', onRequestEnd);
}
