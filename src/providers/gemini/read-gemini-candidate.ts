import { isFields } from '../../formats/anthropic-messages/anthropic-request-fields.ts';

/** The parts of candidate 0 of a GenerateContentResponse chunk (empty when there is none). */
export function candidateParts(response: Record<string, unknown>): unknown[] {
  const candidate = Array.isArray(response.candidates) ? response.candidates[0] : undefined;
  if (!isFields(candidate) || !isFields(candidate.content)) return [];
  return Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
}

/** The `finishReason` of candidate 0, or `SAFETY` for a prompt blocked before any candidate. */
export function candidateFinishReason(response: Record<string, unknown>): unknown {
  const candidate = Array.isArray(response.candidates) ? response.candidates[0] : undefined;
  if (isFields(candidate) && candidate.finishReason !== undefined) return candidate.finishReason;
  if (isFields(response.promptFeedback) && typeof response.promptFeedback.blockReason === 'string') return 'SAFETY';
  return undefined;
}
