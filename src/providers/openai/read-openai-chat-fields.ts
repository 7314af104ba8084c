import type { FinishReason, Usage } from '../../core/canonical.ts';

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * OpenAI `usage` → canonical usage (B4.2): `prompt_tokens` already includes cached tokens; `cache_write_tokens`
 * (sent by some compatible providers) becomes cacheWriteTokens. Absent usage reads as zeros.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function readOpenAIChatUsage(value: unknown): Usage {
  const usage = isRecord(value) ? value : {};
  const prompt = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const result: Usage = {
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cacheReadTokens: count(prompt.cached_tokens),
    cacheWriteTokens: count(prompt.cache_write_tokens),
  };
  if (typeof completion.reasoning_tokens === 'number') result.reasoningTokens = completion.reasoning_tokens;
  return result;
}

/**
 * `finish_reason` → canonical (B4.2): `tool_calls` and the legacy `function_call` → `tool-calls`; a missing or unknown
 * reason is `other`, never `stop`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function readOpenAIChatFinishReason(value: unknown): FinishReason {
  switch (value) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

const notIdCharacters = /[^a-zA-Z0-9_-]/g;

/** A stable id for a tool call the upstream sent without one, unique per answer and position. */
export function synthesizeToolCallId(responseId: string, index: number): string {
  const base = responseId.replace(notIdCharacters, '').slice(-24);
  return `call_${base === '' ? 'outlast' : base}_${index}`;
}
