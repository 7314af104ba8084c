import type { z } from 'zod';
import type { Operation, WireFormat } from '../core/provider-adapter.ts';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from './anthropic-messages/anthropic-request-schema.ts';
import { openaiChatRequestSchema, openaiEmbeddingsRequestSchema } from './openai-chat/openai-chat-request-schema.ts';
import { openaiResponsesRequestSchema } from './openai-responses/openai-responses-request-schema.ts';

/** A client-facing model endpoint: its format, operation, request schema and the headers that pass through. */
export interface ClientEndpoint {
  /** The client's wire format. */
  format: WireFormat;
  /** The operation. */
  operation: Operation;
  /** Validates the fields the gateway reads. */
  schema: z.ZodType<{ model: string; stream?: boolean | null | undefined }>;
  /** Request headers forwarded to a target of the same format. */
  passHeaders: readonly string[];
  /** True when the operation can stream. */
  streams: boolean;
}

const anthropicHeaders = ['anthropic-version', 'anthropic-beta'] as const;

/** POST endpoints by path. */
export const clientEndpoints: ReadonlyMap<string, ClientEndpoint> = new Map<string, ClientEndpoint>([
  [
    '/v1/chat/completions',
    { format: 'openai', operation: 'chat', schema: openaiChatRequestSchema, passHeaders: [], streams: true },
  ],
  [
    '/v1/responses',
    { format: 'openai', operation: 'responses', schema: openaiResponsesRequestSchema, passHeaders: [], streams: true },
  ],
  [
    '/v1/embeddings',
    {
      format: 'openai',
      operation: 'embeddings',
      schema: openaiEmbeddingsRequestSchema,
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
      passHeaders: anthropicHeaders,
      streams: false,
    },
  ],
]);
