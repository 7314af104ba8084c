import { z } from 'zod';
import {
  hasStringType,
  isArrayOf,
  isBoolean,
  isIntAtLeast,
  isNonEmptyString,
  isObject,
  isString,
  optional,
} from '../shared/quick-checks.ts';

const block = z.looseObject({ type: z.string({ error: 'each content block needs a string `type`' }) });
const content = z.union([z.string(), z.array(block)], { error: 'must be a string or an array of content blocks' });

const message = z.looseObject({
  role: z.enum(['user', 'assistant', 'system'], { error: 'must be "user" or "assistant"' }),
  content,
});

/**
 * The fields of an Anthropic Messages request that the gateway reads; every other field (beta fields such as
 * `context_management`) passes through unchanged.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string({ error: 'is required and must be a string' }).min(1, 'must not be empty'),
  max_tokens: z.int({ error: 'is required and must be an integer' }).min(0),
  messages: z.array(message, { error: 'is required and must be an array' }).min(1, 'must contain at least one message'),
  system: z.union([z.string(), z.array(block)]).optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ name: z.string().optional() })).optional(),
});

/** The fields of an Anthropic count_tokens request that the gateway reads. */
export const anthropicCountTokensRequestSchema = z.looseObject({
  model: z.string({ error: 'is required and must be a string' }).min(1, 'must not be empty'),
  messages: z.array(message, { error: 'is required and must be an array' }),
});

const anthropicRoles: ReadonlySet<unknown> = new Set(['user', 'assistant', 'system']);
const isBlocks = isArrayOf(hasStringType);
const isAnthropicContent = (value: unknown) => typeof value === 'string' || isBlocks(value);
const isAnthropicMessage = (value: unknown) =>
  isObject(value) && anthropicRoles.has(value.role) && isAnthropicContent(value.content);

/** True exactly when `anthropicMessagesRequestSchema` accepts `body`, without zod (see shared/quick-checks.ts). */
export function acceptsAnthropicMessagesRequest(body: Record<string, unknown>): boolean {
  return (
    isNonEmptyString(body.model) &&
    isIntAtLeast(0)(body.max_tokens) &&
    Array.isArray(body.messages) &&
    body.messages.length > 0 &&
    body.messages.every(isAnthropicMessage) &&
    optional(body.system, isAnthropicContent) &&
    optional(body.stream, isBoolean) &&
    optional(
      body.tools,
      isArrayOf((tool) => isObject(tool) && optional(tool.name, isString)),
    )
  );
}

/** True exactly when `anthropicCountTokensRequestSchema` accepts `body`, without zod. */
export function acceptsAnthropicCountTokensRequest(body: Record<string, unknown>): boolean {
  return isNonEmptyString(body.model) && isArrayOf(isAnthropicMessage)(body.messages);
}
