import { idSlot } from './ids.ts';
import { outputTokensOf } from './output-tokens.ts';
import type { AnswerPlan } from './plan-answer.ts';
import type { RenderedFrames } from './rendered-answer.ts';
import { sseFrame } from './sse-frame.ts';

/** Gemini `finishReason` of a planned answer (a function call ends with `STOP`: Gemini has no tool-call reason). */
export function geminiFinishReason(plan: AnswerPlan): 'STOP' | 'MAX_TOKENS' {
  return plan.kind === 'text' && plan.truncated ? 'MAX_TOKENS' : 'STOP';
}

function usage(plan: AnswerPlan): Record<string, number> {
  const output = outputTokensOf(plan);
  return {
    promptTokenCount: plan.inputTokens,
    candidatesTokenCount: output,
    totalTokenCount: plan.inputTokens + output,
  };
}

function call(plan: AnswerPlan & { kind: 'tool' }): Record<string, unknown> {
  // Gemini API function calls carry no id: clients match results by name and order.
  return { functionCall: { name: plan.name, args: JSON.parse(plan.argumentsJson) } };
}

function response(parts: unknown[], plan: AnswerPlan, model: string, last: boolean): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { parts, role: 'model' } };
  if (last) candidate.finishReason = geminiFinishReason(plan);
  candidate.index = 0;
  return {
    candidates: [candidate],
    usageMetadata: last ? usage(plan) : { promptTokenCount: plan.inputTokens, totalTokenCount: plan.inputTokens },
    modelVersion: model,
    responseId: idSlot,
  };
}

/**
 * The `GenerateContentResponse` of a planned answer: one candidate with the text or a function call, `finishReason`,
 * `usageMetadata`, `modelVersion` and `responseId` (left as `idSlot`).
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function renderGeminiResponse(plan: AnswerPlan, model: string): string {
  const parts = plan.kind === 'tool' ? [call(plan)] : [{ text: plan.tokens.join('') }];
  return JSON.stringify(response(parts, plan, model, true));
}

/**
 * The `streamGenerateContent?alt=sse` stream of a planned answer: one `data:` chunk per token, the last one carrying
 * `finishReason` and the final usage; a function call comes whole in one chunk. No `[DONE]`.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function renderGeminiStream(plan: AnswerPlan, model: string): RenderedFrames {
  const chunks: unknown[][] = plan.kind === 'tool' ? [[call(plan)]] : plan.tokens.map((text) => [{ text }]);
  if (chunks.length === 0) chunks.push([{ text: '' }]);
  const frames = chunks.map((parts, index) =>
    sseFrame(undefined, JSON.stringify(response(parts, plan, model, index === chunks.length - 1))),
  );
  return { frames, firstContent: 0, lastContent: frames.length - 1 };
}

/** The answer of `streamGenerateContent` without `alt=sse`: the same chunks as one JSON array. */
export function renderGeminiJsonArray(plan: AnswerPlan, model: string): string {
  const chunks: unknown[][] = plan.kind === 'tool' ? [[call(plan)]] : plan.tokens.map((text) => [{ text }]);
  if (chunks.length === 0) chunks.push([{ text: '' }]);
  return `[${chunks.map((parts, index) => JSON.stringify(response(parts, plan, model, index === chunks.length - 1))).join(',\n')}]`;
}
