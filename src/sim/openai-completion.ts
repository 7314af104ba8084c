import { idSlot } from './ids.ts';
import { outputTokensOf } from './output-tokens.ts';
import type { AnswerPlan } from './plan-answer.ts';

/** OpenAI `finish_reason` of a planned answer. */
export function openAiFinishReason(plan: AnswerPlan): 'stop' | 'length' | 'tool_calls' {
  if (plan.kind === 'tool') return 'tool_calls';
  return plan.truncated ? 'length' : 'stop';
}

/** OpenAI `usage` of a planned answer. */
export function openAiUsage(plan: AnswerPlan): object {
  const completion = outputTokensOf(plan);
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: completion,
    total_tokens: plan.inputTokens + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/**
 * The `chat.completion` body of a planned answer, ids left as `idSlot`.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function renderOpenAiCompletion(plan: AnswerPlan, model: string, createdSeconds: number): string {
  const message =
    plan.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          annotations: [],
          tool_calls: [
            { id: `call_${idSlot}`, type: 'function', function: { name: plan.name, arguments: plan.argumentsJson } },
          ],
        }
      : { role: 'assistant', content: plan.tokens.join(''), refusal: null, annotations: [] };
  return JSON.stringify({
    id: `chatcmpl-${idSlot}`,
    object: 'chat.completion',
    created: createdSeconds,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAiFinishReason(plan) }],
    usage: openAiUsage(plan),
    service_tier: 'default',
    system_fingerprint: 'fp_outlast_sim',
  });
}
