import { Readable } from 'node:stream';
import type { CanonicalRequest, StreamPart, TranslationWarning } from '../core/canonical.ts';
import type { GatewayRequest } from '../core/gateway-request.ts';
import type { Operation, WireFormat } from '../core/provider-adapter.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { type ClientFormat, renderError } from '../errors/render-error.ts';
import { parseAnthropicRequest } from '../formats/anthropic-messages/parse-anthropic-request.ts';
import { renderAnthropicResult } from '../formats/anthropic-messages/render-anthropic-result.ts';
import { createAnthropicStreamRenderer } from '../formats/anthropic-messages/render-anthropic-stream.ts';
import { parseGeminiRequest } from '../formats/gemini/parse-gemini-request.ts';
import { renderGeminiResult } from '../formats/gemini/render-gemini-result.ts';
import { createGeminiStreamRenderer } from '../formats/gemini/render-gemini-stream.ts';
import { parseOpenAIChatRequest } from '../formats/openai-chat/parse-openai-chat-request.ts';
import { renderOpenAIChatResult } from '../formats/openai-chat/render-openai-chat-result.ts';
import { createOpenAIChatStreamRenderer } from '../formats/openai-chat/render-openai-chat-stream.ts';
import type { ResponsesEnvelope } from '../formats/openai-responses/openai-responses-object.ts';
import { parseOpenAIResponsesRequest } from '../formats/openai-responses/parse-openai-responses-request.ts';
import { renderOpenAIResponsesResult } from '../formats/openai-responses/render-openai-responses-result.ts';
import { createOpenAIResponsesStreamRenderer } from '../formats/openai-responses/render-openai-responses-stream.ts';
import { toAnthropicBody } from '../providers/anthropic/anthropic-request-body.ts';
import { parseAnthropicResponse } from '../providers/anthropic/parse-anthropic-response.ts';
import { createAnthropicStreamParser } from '../providers/anthropic/parse-anthropic-stream.ts';
import { toGeminiBody } from '../providers/gemini/gemini-request-body.ts';
import { parseGeminiResponse } from '../providers/gemini/parse-gemini-response.ts';
import { createGeminiStreamParser } from '../providers/gemini/parse-gemini-stream.ts';
import { toOpenAIChatBody } from '../providers/openai/openai-request-body.ts';
import { parseOpenAIChatResponse } from '../providers/openai/parse-openai-chat-response.ts';
import { createOpenAIChatStreamParser } from '../providers/openai/parse-openai-chat-stream.ts';
import { createSseParser } from '../providers/shared/sse-parser.ts';
import { parseVendorError } from './parse-vendor-error.ts';

/** One target's side of a translated exchange. */
export interface TranslatedTarget {
  /** The upstream body, in the target's format. */
  body: string;
  /** The upstream operation (`messages` for Anthropic, `chat` for OpenAI, `generate` for Gemini). */
  operation: Operation;
  /** Losses reported to the client in `x-outlast-warnings`. */
  warnings: TranslationWarning[];
  /** Renders a whole upstream answer in the client's format. */
  renderBody(upstream: Buffer): Buffer;
  /** Renders an upstream error in the client's format, same status. */
  renderErrorBody(status: number, upstream: Buffer, requestId: string): Buffer;
  /**
   * Translates an upstream SSE stream into the client's format: the pre-commit bytes at once, as the answer's
   * `prefix` (written with the headers), the rest as `body`.
   */
  renderStream(prefix: readonly Buffer[], body: Readable): { prefix: Buffer[]; body: Readable };
}

/** Translation between a client format and target formats, for one request. */
export interface Translator {
  /** Prepares the exchange with a target of `format`; undefined when the operation has no translation. */
  forTarget(format: WireFormat, model: string, anthropicVersion: string | undefined): TranslatedTarget | undefined;
}

const translatable: ReadonlySet<Operation> = new Set(['chat', 'messages', 'generate', 'responses']);

const operations: Record<WireFormat, Operation> = { anthropic: 'messages', openai: 'chat', gemini: 'generate' };

type StreamParser = { push(event: { event: string; data: string }): StreamPart[]; end(): StreamPart[] };

function parseClientRequest(request: GatewayRequest): { request: CanonicalRequest; warnings: TranslationWarning[] } {
  if (request.operation === 'responses') return parseOpenAIResponsesRequest(request.body);
  if (request.format === 'anthropic') return parseAnthropicRequest(request.body);
  if (request.format === 'gemini')
    return parseGeminiRequest(request.body, { model: request.model, stream: request.stream });
  return parseOpenAIChatRequest(request.body);
}

function statusKind(status: number): Parameters<typeof renderError>[0]['code'] {
  if (status === 429) return 'OUTLAST_RATE_LIMITED';
  if (status === 404) return 'OUTLAST_UNKNOWN_MODEL';
  if (status === 413) return 'OUTLAST_BODY_TOO_LARGE';
  if (status >= 500) return 'OUTLAST_UPSTREAM_FAILED';
  return 'OUTLAST_INVALID_REQUEST';
}

/**
 * Creates the translator of a request whose targets may speak another format: the client body is parsed into the
 * canonical form once, on first use, and every target renders from it (docs/translation.md).
 */
export function createTranslator(request: GatewayRequest, nowMs: () => number): Translator {
  let canonical: { request: CanonicalRequest; warnings: TranslationWarning[] } | undefined;
  const clientFormat: ClientFormat = request.format;
  const includeUsage = (request.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  return {
    forTarget(format, model, anthropicVersion) {
      if (!translatable.has(request.operation)) return undefined;
      canonical ??= parseClientRequest(request);
      const parsed = canonical;
      let restoreToolName: (sent: string) => string = (name) => name;
      let body: Record<string, unknown>;
      let targetWarnings: TranslationWarning[];
      if (format === 'anthropic') {
        const built = toAnthropicBody(parsed.request, { model, anthropicVersion: anthropicVersion ?? '2023-06-01' });
        body = built.body;
        targetWarnings = built.warnings;
      } else if (format === 'gemini') {
        const built = toGeminiBody(parsed.request, { model });
        body = built.body;
        targetWarnings = built.warnings;
      } else {
        const built = toOpenAIChatBody(parsed.request, { model });
        body = built.body;
        targetWarnings = built.warnings;
        restoreToolName = built.restoreToolName;
      }
      return {
        body: JSON.stringify(body),
        operation: operations[format],
        warnings: [...parsed.warnings, ...targetWarnings],
        renderBody(upstream) {
          const json: unknown = JSON.parse(upstream.toString('utf8'));
          const result =
            format === 'anthropic'
              ? parseAnthropicResponse(json)
              : format === 'gemini'
                ? parseGeminiResponse(json)
                : parseOpenAIChatResponse(json, { restoreToolName });
          const rendered =
            request.operation === 'responses'
              ? renderOpenAIResponsesResult(result, responsesEnvelope(request, result.model, nowMs()))
              : clientFormat === 'anthropic'
                ? renderAnthropicResult(result, { model: result.model })
                : clientFormat === 'gemini'
                  ? renderGeminiResult(result, { model: result.model })
                  : renderOpenAIChatResult(result, { model: result.model, nowMs: nowMs() });
          return Buffer.from(JSON.stringify(rendered));
        },
        renderErrorBody(status, upstream, requestId) {
          const vendor = parseVendorError(upstream);
          const detail = vendor.errorType ?? vendor.errorCode ?? 'error';
          const error = new OutlastError(statusKind(status), `The ${format} target answered ${status} (${detail}).`, {
            status,
            shouldRetry: false,
          });
          return Buffer.from(renderError(error, clientFormat, requestId).body);
        },
        renderStream(prefix, upstreamBody) {
          return translateStream({
            prefix,
            body: upstreamBody,
            parse: createStreamParser(format, restoreToolName),
            render:
              request.operation === 'responses'
                ? createOpenAIResponsesStreamRenderer(responsesEnvelope(request, model, nowMs()))
                : clientFormat === 'anthropic'
                  ? createAnthropicStreamRenderer({ model })
                  : clientFormat === 'gemini'
                    ? createGeminiStreamRenderer({ model })
                    : createOpenAIChatStreamRenderer({ model, includeUsage, nowMs: nowMs() }),
          });
        },
      };
    },
  };
}

/** The Response envelope of a request: its id is derived from the request id, so it stays the same across failover. */
function responsesEnvelope(request: GatewayRequest, model: string, nowMs: number): ResponsesEnvelope {
  return {
    id: `resp_${request.requestId.replaceAll('-', '')}`,
    model,
    createdAtSeconds: Math.floor(nowMs / 1000),
    request: request.body,
  };
}

function createStreamParser(format: WireFormat, restoreToolName: (sent: string) => string): StreamParser {
  if (format === 'anthropic') return createAnthropicStreamParser();
  if (format === 'gemini') return createGeminiStreamParser();
  return createOpenAIChatStreamParser({ restoreToolName });
}

/**
 * Pipes an upstream SSE body through a stream parser and a client renderer, honouring back-pressure. The pre-commit
 * bytes are translated at once and come back as `prefix`, so the first event reaches the client with the headers.
 */
function translateStream(options: {
  prefix: readonly Buffer[];
  body: Readable;
  parse: StreamParser;
  render: { push(part: StreamPart): string; end(): string };
}): { prefix: Buffer[]; body: Readable } {
  const { body, parse, render } = options;
  const output = new Readable({
    read() {
      body.resume();
    },
    destroy(error, callback) {
      body.destroy();
      callback(error);
    },
  });
  let initial: string | undefined = '';
  const emit = (parts: StreamPart[]) => {
    let text = '';
    for (const part of parts) text += render.push(part);
    if (initial !== undefined) initial += text;
    else if (text !== '' && !output.push(text)) body.pause();
  };
  const sse = createSseParser((event) => emit(parse.push(event)));
  for (const chunk of options.prefix) sse.push(chunk);
  const prefix = initial === '' ? [] : [Buffer.from(initial)];
  initial = undefined;
  const finish = () => {
    sse.end();
    emit(parse.end());
    const tail = render.end();
    if (tail !== '') output.push(tail);
    output.push(null);
  };
  if (body.readableEnded) {
    finish();
    return { prefix, body: output };
  }
  body.on('data', (chunk: Buffer) => sse.push(chunk));
  body.once('end', finish);
  body.once('error', (error) => output.destroy(error));
  body.resume();
  return { prefix, body: output };
}
