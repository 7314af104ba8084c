import type { CanonicalResult } from '../../core/canonical.ts';
import { toGeminiFinishReason } from './gemini-finish-reason.ts';
import { toGeminiUsage } from './gemini-usage.ts';

/** Options of renderGeminiResult. */
export interface RenderGeminiResultOptions {
  /** Model name to report in `modelVersion`. */
  model: string;
}

/**
 * Renders a canonical answer as a `GenerateContentResponse`: one candidate whose parts are the text parts and the
 * function calls (`args` = the input, `id` kept so results can name it), finish reason and usage per
 * docs/translation/gemini.md. Reasoning of another vendor cannot be replayed to Gemini and is left out.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function renderGeminiResult(
  result: CanonicalResult,
  options: RenderGeminiResultOptions,
): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  for (const part of result.content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
    } else if (part.type === 'tool-call') {
      parts.push({ functionCall: { id: part.id, name: part.name, args: part.input } });
    }
  }
  return {
    candidates: [
      { content: { role: 'model', parts }, finishReason: toGeminiFinishReason(result.finishReason), index: 0 },
    ],
    usageMetadata: toGeminiUsage(result.usage),
    modelVersion: options.model,
    responseId: result.id,
  };
}
