import { z } from 'zod';
import {
  hasStringType,
  isArrayOf,
  isBoolean,
  isIntAtLeast,
  isNonEmptyString,
  isObject,
  nullish,
  optional,
} from '../shared/quick-checks.ts';

const contentPart = z.looseObject({ type: z.string({ error: 'each content part needs a string `type`' }) });
const content = z.union([z.string(), z.array(contentPart)], { error: 'must be a string or an array of content parts' });

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function'], {
    error: 'must be one of system, developer, user, assistant, tool',
  }),
  content: content.nullable().optional(),
});

/**
 * The fields of an OpenAI Chat Completions request that the gateway reads; every other field passes through.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const openaiChatRequestSchema = z.looseObject({
  model: z.string({ error: 'is required and must be a string' }).min(1, 'must not be empty'),
  messages: z.array(message, { error: 'is required and must be an array' }).min(1, 'must contain at least one message'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.int().min(1).nullable().optional(),
  max_completion_tokens: z.int().min(1).nullable().optional(),
  n: z.int().min(1).nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
});

/** The fields of an OpenAI Embeddings request that the gateway reads. */
export const openaiEmbeddingsRequestSchema = z.looseObject({
  model: z.string({ error: 'is required and must be a string' }).min(1, 'must not be empty'),
  input: z.union([z.string(), z.array(z.unknown()).min(1, 'must not be empty')], {
    error: 'is required and must be a string or an array',
  }),
  dimensions: z.int().min(1).optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const chatRoles: ReadonlySet<unknown> = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const isChatContent = (value: unknown) => typeof value === 'string' || isArrayOf(hasStringType)(value);
const isChatMessage = (value: unknown) =>
  isObject(value) && chatRoles.has(value.role) && nullish(value.content, isChatContent);
const isPositiveInt = isIntAtLeast(1);

/** True exactly when `openaiChatRequestSchema` accepts `body`, without zod (see shared/quick-checks.ts). */
export function acceptsOpenAIChatRequest(body: Record<string, unknown>): boolean {
  return (
    isNonEmptyString(body.model) &&
    Array.isArray(body.messages) &&
    body.messages.length > 0 &&
    body.messages.every(isChatMessage) &&
    nullish(body.stream, isBoolean) &&
    nullish(body.stream_options, (options) => isObject(options) && optional(options.include_usage, isBoolean)) &&
    nullish(body.max_tokens, isPositiveInt) &&
    nullish(body.max_completion_tokens, isPositiveInt) &&
    nullish(body.n, isPositiveInt) &&
    optional(body.tools, isArrayOf(hasStringType))
  );
}

/** True exactly when `openaiEmbeddingsRequestSchema` accepts `body`, without zod. */
export function acceptsOpenAIEmbeddingsRequest(body: Record<string, unknown>): boolean {
  return (
    isNonEmptyString(body.model) &&
    (typeof body.input === 'string' || (Array.isArray(body.input) && body.input.length > 0)) &&
    optional(body.dimensions, isPositiveInt) &&
    optional(body.encoding_format, (format) => format === 'float' || format === 'base64')
  );
}
