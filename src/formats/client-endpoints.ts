import type { z } from 'zod';
import type { Operation, WireFormat } from '../core/provider-adapter.ts';
import {
  acceptsAnthropicCountTokensRequest,
  acceptsAnthropicMessagesRequest,
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from './anthropic-messages/anthropic-request-schema.ts';
import { acceptsGeminiGenerateRequest, geminiGenerateRequestSchema } from './gemini/gemini-request-schema.ts';
import { matchGeminiPath, wantsSse } from './gemini/match-gemini-path.ts';
import {
  acceptsOpenAIChatRequest,
  acceptsOpenAIEmbeddingsRequest,
  openaiChatRequestSchema,
  openaiEmbeddingsRequestSchema,
} from './openai-chat/openai-chat-request-schema.ts';
import {
  acceptsOpenAIResponsesRequest,
  openaiResponsesRequestSchema,
} from './openai-responses/openai-responses-request-schema.ts';
import { validateRequest } from './shared/parse-request-body.ts';

/** A client-facing model endpoint: its format, operation, request schema and the headers that pass through. */
export interface ClientEndpoint {
  /** The client's wire format. */
  format: WireFormat;
  /** The operation. */
  operation: Operation;
  /** Validates the fields the gateway reads (a Gemini body has no model: it is in the path). */
  schema: z.ZodType<RequestFields>;
  /** True exactly when `schema` accepts the body, checked without zod (the common case); false sends it to zod. */
  accepts: (body: Record<string, unknown>) => boolean;
  /** Request headers forwarded to a target of the same format. */
  passHeaders: readonly string[];
  /** True when the operation can stream. */
  streams: boolean;
}

/** What the gateway reads of a valid request body. */
export type RequestFields = {
  [field: string]: unknown;
  model?: string | undefined;
  stream?: boolean | null | undefined;
};

/**
 * Validates a request body for `endpoint`: the quick check first, zod only when it says no, so a valid body costs no
 * copy and an invalid one still gets zod's message naming its field (OUTLAST_INVALID_REQUEST).
 */
export function readRequestFields(endpoint: ClientEndpoint, body: Record<string, unknown>): RequestFields {
  return endpoint.accepts(body) ? (body as RequestFields) : validateRequest(endpoint.schema, body);
}

/** Sent on to an Anthropic target: the version, beta flags, and Claude Code's own headers (its app and session). */
const anthropicHeaders = ['anthropic-version', 'anthropic-beta', 'x-app', 'x-claude-code-session-id'] as const;

/** POST endpoints by path. */
export const clientEndpoints: ReadonlyMap<string, ClientEndpoint> = new Map<string, ClientEndpoint>([
  [
    '/v1/chat/completions',
    {
      format: 'openai',
      operation: 'chat',
      schema: openaiChatRequestSchema,
      accepts: acceptsOpenAIChatRequest,
      passHeaders: [],
      streams: true,
    },
  ],
  [
    '/v1/responses',
    {
      format: 'openai',
      operation: 'responses',
      schema: openaiResponsesRequestSchema,
      accepts: acceptsOpenAIResponsesRequest,
      passHeaders: [],
      streams: true,
    },
  ],
  [
    '/v1/embeddings',
    {
      format: 'openai',
      operation: 'embeddings',
      schema: openaiEmbeddingsRequestSchema,
      accepts: acceptsOpenAIEmbeddingsRequest,
      passHeaders: [],
      streams: false,
    },
  ],
  [
    '/v1/messages',
    {
      format: 'anthropic',
      operation: 'messages',
      schema: anthropicMessagesRequestSchema,
      accepts: acceptsAnthropicMessagesRequest,
      passHeaders: anthropicHeaders,
      streams: true,
    },
  ],
  [
    '/v1/messages/count_tokens',
    {
      format: 'anthropic',
      operation: 'count_tokens',
      schema: anthropicCountTokensRequestSchema,
      accepts: acceptsAnthropicCountTokensRequest,
      passHeaders: anthropicHeaders,
      streams: false,
    },
  ],
]);

/** The Gemini endpoint: `models/{model}:generateContent` and `:streamGenerateContent`, matched by matchGeminiPath. */
const geminiEndpoint: ClientEndpoint = {
  format: 'gemini',
  operation: 'generate',
  schema: geminiGenerateRequestSchema,
  accepts: acceptsGeminiGenerateRequest,
  passHeaders: [],
  streams: true,
};

/** A client endpoint matched from a path, with what the path itself says. */
export interface MatchedEndpoint {
  /** The endpoint. */
  endpoint: ClientEndpoint;
  /** The model named in the path (Gemini); undefined when the body names it. */
  model: string | undefined;
  /** Whether to stream, when the path decides it (Gemini: `streamGenerateContent?alt=sse`). */
  stream: boolean | undefined;
  /** Gemini `streamGenerateContent` without `alt=sse`: the answer is sent whole, as a one-element JSON array. */
  jsonArray: boolean;
}

const exactMatches: ReadonlyMap<string, MatchedEndpoint> = new Map(
  [...clientEndpoints].map(([path, endpoint]) => [
    path,
    { endpoint, model: undefined, stream: undefined, jsonArray: false },
  ]),
);

/**
 * Finds the endpoint of a POST path: the exact-path map first (one lookup, as before), then the Gemini pattern,
 * tried only for paths ending in `Content` (`:generateContent`, `:streamGenerateContent`).
 */
export function matchClientEndpoint(path: string, search: string): MatchedEndpoint | undefined {
  const exact = exactMatches.get(path);
  if (exact !== undefined) return exact;
  if (!path.endsWith('Content')) return undefined;
  const gemini = matchGeminiPath(path);
  if (gemini === undefined) return undefined;
  const sse = gemini.streaming && wantsSse(search);
  return { endpoint: geminiEndpoint, model: gemini.model, stream: sse, jsonArray: gemini.streaming && !sse };
}
