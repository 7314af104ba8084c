import type { FinishReason } from '../../core/canonical.ts';

/** Gemini `finishReason` values that mean the answer was blocked by a filter. */
const filtered = new Set([
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** Gemini `finishReason` values that mean the model produced a broken or unwanted function call. */
const callFailures = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS']);

/**
 * Reads a Gemini `finishReason` (B3, B4.2): `STOP` with function calls is `tool-calls` (Gemini has no such reason),
 * `MAX_TOKENS` is `length`, the safety family is `content-filter`, broken function calls are `error`.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function fromGeminiFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  if (reason === 'STOP') return hasToolCalls ? 'tool-calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (typeof reason === 'string' && filtered.has(reason)) return 'content-filter';
  if (typeof reason === 'string' && callFailures.has(reason)) return 'error';
  return 'other';
}

/** The Gemini `finishReason` of a canonical one: tool calls end with `STOP`, filters and refusals with `SAFETY`. */
export function toGeminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'stop':
    case 'tool-calls':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content-filter':
    case 'refusal':
      return 'SAFETY';
    default:
      return 'OTHER';
  }
}
