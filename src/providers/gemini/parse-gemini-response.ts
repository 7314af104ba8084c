import type { CanonicalResult, ReasoningPart, TextPart, ToolCallPart } from '../../core/canonical.ts';
import { isFields } from '../../formats/anthropic-messages/anthropic-request-fields.ts';
import { fromGeminiFinishReason } from '../../formats/gemini/gemini-finish-reason.ts';
import { fromGeminiUsage } from '../../formats/gemini/gemini-usage.ts';
import { synthesizeGeminiCallId } from './gemini-call-id.ts';
import { candidateFinishReason, candidateParts } from './read-gemini-candidate.ts';

/**
 * Parses a Gemini `GenerateContentResponse` (candidate 0) into a canonical answer (B3, B4.2): text parts (thoughts as
 * reasoning with their signature), function calls with their id or one synthesised from the response id and the call's position, finish
 * reason (`STOP` with calls = `tool-calls`; a blocked prompt = `content-filter`) and usage.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function parseGeminiResponse(json: unknown): CanonicalResult {
  const response = isFields(json) ? json : {};
  const id = typeof response.responseId === 'string' ? response.responseId : '';
  const content: (TextPart | ToolCallPart | ReasoningPart)[] = [];
  let calls = 0;
  for (const part of candidateParts(response)) {
    if (!isFields(part)) continue;
    if (typeof part.text === 'string') {
      if (part.thought === true) {
        const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
        content.push({ type: 'reasoning', text: part.text, signature });
        continue;
      }
      const last = content.at(-1);
      if (last?.type === 'text') last.text += part.text;
      else if (part.text !== '') content.push({ type: 'text', text: part.text });
    } else if (isFields(part.functionCall)) {
      const call = part.functionCall;
      content.push({
        type: 'tool-call',
        id: typeof call.id === 'string' && call.id !== '' ? call.id : synthesizeGeminiCallId(id, calls),
        name: typeof call.name === 'string' ? call.name : '',
        input: isFields(call.args) ? call.args : {},
      });
      calls += 1;
    }
  }
  const hasCalls = content.some((part) => part.type === 'tool-call');
  return {
    id,
    model: typeof response.modelVersion === 'string' ? response.modelVersion : '',
    content,
    finishReason: fromGeminiFinishReason(candidateFinishReason(response), hasCalls),
    usage: fromGeminiUsage(response.usageMetadata),
  };
}
