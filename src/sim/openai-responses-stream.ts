import { idSlot } from './ids.ts';
import { responsesObject, responsesOutput } from './openai-responses-response.ts';
import type { AnswerPlan } from './plan-answer.ts';
import type { RenderedFrames } from './rendered-answer.ts';
import { sseFrame } from './sse-frame.ts';

type JsonObject = Record<string, unknown>;

/**
 * The event stream of a planned Responses answer, in the order OpenAI sends it: `response.created`,
 * `response.in_progress`, the item's `output_item.added`, its part and deltas, the `.done` events, then
 * `response.completed` (or `response.incomplete`); `sequence_number` from 0; no `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function renderOpenAiResponsesStream(
  plan: AnswerPlan,
  body: JsonObject,
  options: { model: string; createdSeconds: number },
): RenderedFrames {
  const frames: Buffer[] = [];
  let sequence = 0;
  const emit = (type: string, fields: JsonObject) => {
    frames.push(sseFrame(type, JSON.stringify({ type, sequence_number: sequence, ...fields })));
    sequence += 1;
  };
  const initial = responsesObject(plan, body, { ...options, final: false });
  emit('response.created', { response: initial });
  emit('response.in_progress', { response: initial });
  const [item] = responsesOutput(plan) as [JsonObject];
  let firstContent: number;
  if (plan.kind === 'tool') {
    emit('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } });
    firstContent = frames.length;
    for (const fragment of plan.fragments) {
      emit('response.function_call_arguments.delta', { item_id: `fc_${idSlot}`, output_index: 0, delta: fragment });
    }
    emit('response.function_call_arguments.done', {
      item_id: `fc_${idSlot}`,
      output_index: 0,
      arguments: plan.argumentsJson,
    });
  } else {
    const itemId = `msg_${idSlot}`;
    emit('response.output_item.added', {
      output_index: 0,
      item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    });
    const empty = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    emit('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: empty });
    firstContent = frames.length;
    for (const token of plan.tokens) {
      emit('response.output_text.delta', {
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        delta: token,
        logprobs: [],
      });
    }
    const text = plan.tokens.join('');
    emit('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] });
    emit('response.content_part.done', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { ...empty, text },
    });
  }
  const lastContent = frames.length - 1;
  emit('response.output_item.done', { output_index: 0, item });
  const final = responsesObject(plan, body, { ...options, final: true });
  emit(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  const hasContent = lastContent >= firstContent;
  return { frames, firstContent: hasContent ? firstContent : -1, lastContent: hasContent ? lastContent : -1 };
}
