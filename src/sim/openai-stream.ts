import { idSlot } from './ids.ts';
import { openAiFinishReason, openAiUsage } from './openai-completion.ts';
import type { AnswerPlan } from './plan-answer.ts';
import type { RenderedFrames } from './rendered-answer.ts';
import { sseFrame } from './sse-frame.ts';

/** Options of an OpenAI stream rendering. */
export interface OpenAiStreamOptions {
  /** Model echoed in every chunk. */
  model: string;
  /** `created` of every chunk, in epoch seconds. */
  createdSeconds: number;
  /** `stream_options.include_usage`: every chunk carries `usage: null` and a final `choices: []` chunk the totals. */
  includeUsage: boolean;
}

/**
 * The `chat.completion.chunk` stream of a planned answer: a first chunk with `delta.role`, one chunk per token (or per
 * tool-argument fragment after the chunk naming the call), a chunk with `finish_reason`, the usage chunk when asked,
 * then `data: [DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function renderOpenAiStream(plan: AnswerPlan, options: OpenAiStreamOptions): RenderedFrames {
  const frames: Buffer[] = [];
  const chunk = (choices: object[], usage?: object) => {
    const data: Record<string, unknown> = {
      id: `chatcmpl-${idSlot}`,
      object: 'chat.completion.chunk',
      created: options.createdSeconds,
      model: options.model,
      service_tier: 'default',
      system_fingerprint: 'fp_outlast_sim',
      choices,
    };
    if (options.includeUsage) data.usage = usage ?? null;
    frames.push(sseFrame(undefined, JSON.stringify(data)));
  };
  const choice = (delta: object, finishReason: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  });
  chunk([choice({ role: 'assistant', content: plan.kind === 'tool' ? null : '', refusal: null })]);
  const firstContent = frames.length;
  if (plan.kind === 'tool') {
    const call = { index: 0, id: `call_${idSlot}`, type: 'function', function: { name: plan.name, arguments: '' } };
    chunk([choice({ tool_calls: [call] })]);
    for (const fragment of plan.fragments)
      chunk([choice({ tool_calls: [{ index: 0, function: { arguments: fragment } }] })]);
  } else {
    for (const token of plan.tokens) chunk([choice({ content: token })]);
  }
  const lastContent = frames.length - 1;
  chunk([choice({}, openAiFinishReason(plan))]);
  if (options.includeUsage) chunk([], openAiUsage(plan));
  frames.push(sseFrame(undefined, '[DONE]'));
  const hasContent = lastContent >= firstContent;
  return { frames, firstContent: hasContent ? firstContent : -1, lastContent: hasContent ? lastContent : -1 };
}
