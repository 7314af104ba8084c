import { createHash } from 'node:crypto';

const validToolName = /^[a-zA-Z0-9_-]{1,64}$/;
const invalidToolNameCharacters = /[^a-zA-Z0-9_-]/g;

/** Max tool call id length OpenAI accepts (`string_above_max_length` beyond it). */
const maxToolCallIdLength = 40;

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

/**
 * A tool name OpenAI accepts (≤ 64 of `[a-zA-Z0-9_-]`): valid names are kept; others become a sanitised prefix and a
 * hash of the original, so the same name always maps to the same result and distinct names stay distinct.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 */
export function toOpenAIToolName(name: string): string {
  if (validToolName.test(name)) return name;
  return `${name.replace(invalidToolNameCharacters, '_').slice(0, 55)}_${shortHash(name)}`;
}

/**
 * A tool call id OpenAI accepts (≤ 40 characters), applied identically to `tool_calls[].id` and `tool_call_id` so
 * the pairs still match. Ids of new calls come from OpenAI, so this needs no reverse mapping.
 */
export function toOpenAIToolCallId(id: string): string {
  if (id.length <= maxToolCallIdLength) return id;
  return `${id.slice(0, maxToolCallIdLength - 9)}_${shortHash(id)}`;
}
