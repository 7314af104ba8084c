import type { FinishReason, Usage } from '../../core/canonical.ts';

/** A `chatcmpl-…` id derived from the upstream answer id (kept as is when it already is one). */
export function renderOpenAIChatId(id: string): string {
  if (id.startsWith('chatcmpl-')) return id;
  return `chatcmpl-${id === '' ? 'outlast' : id}`;
}

/**
 * Canonical finish reason → `finish_reason` (B4.2): refusals become `content_filter`, with their text kept in
 * `content`; reasons OpenAI cannot express (pause, error, other) become `stop`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function renderOpenAIChatFinishReason(
  reason: FinishReason,
): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/**
 * Canonical usage → OpenAI `usage`: `prompt_tokens` includes cached tokens (both conventions agree);
 * `cache_write_tokens` only when non-zero, as OpenAI itself rarely sends it.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function renderOpenAIChatUsage(usage: Usage): Record<string, unknown> {
  const promptDetails: Record<string, number> = { cached_tokens: usage.cacheReadTokens };
  if (usage.cacheWriteTokens > 0) promptDetails.cache_write_tokens = usage.cacheWriteTokens;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
