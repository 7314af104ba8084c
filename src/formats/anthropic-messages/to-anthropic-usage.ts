import type { Usage } from '../../core/canonical.ts';

/**
 * Maps canonical usage to Anthropic's, whose `input_tokens` excludes cached tokens (B4.2):
 * `input_tokens = inputTokens − cacheRead − cacheWrite`; the thinking breakdown goes to `output_tokens_details`.
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function toAnthropicUsage(usage: Usage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    input_tokens: Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens),
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    output_tokens: usage.outputTokens,
  };
  if (usage.reasoningTokens !== undefined) body.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return body;
}
