import { z } from 'zod';
import {
  hasStringType,
  isArrayOf,
  isBoolean,
  isIntAtLeast,
  isNonEmptyString,
  isObject,
  isString,
  nullish,
  optional,
} from '../shared/quick-checks.ts';

const item = z.looseObject({ type: z.string({ error: 'each input item needs a string `type`' }).optional() });

/**
 * The fields of an OpenAI Responses request that the gateway reads; every other field passes through to an OpenAI
 * target unchanged.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export const openaiResponsesRequestSchema = z.looseObject({
  model: z.string({ error: 'is required and must be a string' }).min(1, 'must not be empty'),
  input: z.union([z.string(), z.array(item)], { error: 'is required and must be a string or an array of items' }),
  stream: z.boolean().nullable().optional(),
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().min(1, 'must not be empty').nullable().optional(),
  instructions: z.string().nullable().optional(),
  max_output_tokens: z.int().min(1).nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string({ error: 'each tool needs a string `type`' }) })).optional(),
  background: z.boolean().nullable().optional(),
});

const isItem = (value: unknown) => isObject(value) && optional(value.type, isString);

/** True exactly when `openaiResponsesRequestSchema` accepts `body`, without zod (see shared/quick-checks.ts). */
export function acceptsOpenAIResponsesRequest(body: Record<string, unknown>): boolean {
  return (
    isNonEmptyString(body.model) &&
    (typeof body.input === 'string' || isArrayOf(isItem)(body.input)) &&
    nullish(body.stream, isBoolean) &&
    nullish(body.store, isBoolean) &&
    nullish(body.previous_response_id, isNonEmptyString) &&
    nullish(body.instructions, isString) &&
    nullish(body.max_output_tokens, isIntAtLeast(1)) &&
    optional(body.tools, isArrayOf(hasStringType)) &&
    nullish(body.background, isBoolean)
  );
}
