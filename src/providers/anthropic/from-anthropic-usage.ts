import type { Usage } from '../../core/canonical.ts';

const noUsage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Normalises an Anthropic `usage` object: `inputTokens = input_tokens + cache_read + cache_creation` (Anthropic's
 * `input_tokens` excludes cached tokens). Counters absent from `raw` keep their `previous` value, as the SDK does
 * with the cumulative totals of `message_delta` (overwrite, never add).
 * @see https://platform.claude.com/docs/en/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function fromAnthropicUsage(raw: unknown, previous: Usage = noUsage): Usage {
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const cacheReadTokens = count(fields.cache_read_input_tokens) ?? previous.cacheReadTokens;
  const cacheWriteTokens = count(fields.cache_creation_input_tokens) ?? previous.cacheWriteTokens;
  const uncached =
    count(fields.input_tokens) ?? previous.inputTokens - previous.cacheReadTokens - previous.cacheWriteTokens;
  const usage: Usage = {
    inputTokens: uncached + cacheReadTokens + cacheWriteTokens,
    outputTokens: count(fields.output_tokens) ?? previous.outputTokens,
    cacheReadTokens,
    cacheWriteTokens,
  };
  const details = fields.output_tokens_details;
  const thinking =
    typeof details === 'object' && details !== null
      ? count((details as Record<string, unknown>).thinking_tokens)
      : undefined;
  const reasoningTokens = thinking ?? previous.reasoningTokens;
  if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
  return usage;
}
