import { z } from 'zod';

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
