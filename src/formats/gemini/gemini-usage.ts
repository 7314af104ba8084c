import type { Usage } from '../../core/canonical.ts';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Reads Gemini `usageMetadata` into canonical usage: `promptTokenCount` already includes cached content (and tool-use
 * prompt tokens are added), `candidatesTokenCount` excludes thoughts, so output = candidates + thoughts.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function fromGeminiUsage(metadata: unknown): Usage {
  const record = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<string, unknown>;
  const thoughts = count(record.thoughtsTokenCount);
  const usage: Usage = {
    inputTokens: count(record.promptTokenCount) + count(record.toolUsePromptTokenCount),
    outputTokens: count(record.candidatesTokenCount) + thoughts,
    cacheReadTokens: count(record.cachedContentTokenCount),
    cacheWriteTokens: 0,
  };
  if (thoughts > 0) usage.reasoningTokens = thoughts;
  return usage;
}

/** Renders canonical usage as Gemini `usageMetadata` (cached and thought counts only when non-zero). */
export function toGeminiUsage(usage: Usage): Record<string, number> {
  const thoughts = usage.reasoningTokens ?? 0;
  const metadata: Record<string, number> = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - thoughts),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cacheReadTokens > 0) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  if (thoughts > 0) metadata.thoughtsTokenCount = thoughts;
  return metadata;
}
