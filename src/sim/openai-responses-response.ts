import { idSlot } from './ids.ts';
import { outputTokensOf } from './output-tokens.ts';
import type { AnswerPlan } from './plan-answer.ts';

type JsonObject = Record<string, unknown>;

/** Responses `usage` of a planned answer. */
export function responsesUsage(plan: AnswerPlan): JsonObject {
  const output = outputTokensOf(plan);
  return {
    input_tokens: plan.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: plan.inputTokens + output,
  };
}

/** The output items of a planned answer, complete. */
export function responsesOutput(plan: AnswerPlan): JsonObject[] {
  if (plan.kind === 'tool') {
    return [
      {
        id: `fc_${idSlot}`,
        type: 'function_call',
        status: 'completed',
        arguments: plan.argumentsJson,
        call_id: `call_${idSlot}`,
        name: plan.name,
      },
    ];
  }
  return [
    {
      id: `msg_${idSlot}`,
      type: 'message',
      status: plan.truncated ? 'incomplete' : 'completed',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: plan.tokens.join('') }],
      role: 'assistant',
    },
  ];
}

/** The request settings a Response object echoes. */
export function responsesEcho(body: JsonObject): JsonObject {
  return {
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    metadata: body.metadata ?? {},
  };
}

/** The Response object of a planned answer in a given state. */
export function responsesObject(
  plan: AnswerPlan,
  body: JsonObject,
  options: { model: string; createdSeconds: number; final: boolean },
): JsonObject {
  const truncated = plan.kind === 'text' && plan.truncated;
  const status = !options.final ? 'in_progress' : truncated ? 'incomplete' : 'completed';
  return {
    id: `resp_${idSlot}`,
    object: 'response',
    created_at: options.createdSeconds,
    status,
    background: false,
    error: null,
    incomplete_details: options.final && truncated ? { reason: 'max_output_tokens' } : null,
    model: options.model,
    output: options.final ? responsesOutput(plan) : [],
    ...responsesEcho(body),
    service_tier: 'default',
    usage: options.final ? responsesUsage(plan) : null,
    user: null,
  };
}

/**
 * The Response body of a planned answer, ids left as `idSlot`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function renderOpenAiResponse(
  plan: AnswerPlan,
  body: JsonObject,
  model: string,
  createdSeconds: number,
): string {
  return JSON.stringify(responsesObject(plan, body, { model, createdSeconds, final: true }));
}
