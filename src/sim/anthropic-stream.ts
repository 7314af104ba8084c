import { anthropicStopReason } from './anthropic-message.ts';
import { idSlot } from './ids.ts';
import { outputTokensOf } from './output-tokens.ts';
import type { AnswerPlan } from './plan-answer.ts';
import type { RenderedFrames } from './rendered-answer.ts';
import { sseFrame } from './sse-frame.ts';

function event(frames: Buffer[], data: { type: string; [field: string]: unknown }): void {
  frames.push(sseFrame(data.type, JSON.stringify(data)));
}

/**
 * The Messages API event stream of a planned answer: `message_start`, one content block with a `ping` after its start,
 * one delta per token (or tool input fragment), `message_delta` with cumulative usage, `message_stop`.
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming
 */
export function renderAnthropicStream(plan: AnswerPlan, model: string): RenderedFrames {
  const frames: Buffer[] = [];
  const usage = { input_tokens: plan.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  event(frames, {
    type: 'message_start',
    message: {
      id: `msg_01${idSlot}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1, service_tier: 'standard' },
    },
  });
  const deltas =
    plan.kind === 'tool'
      ? ['', ...plan.fragments].map((partial_json) => ({ type: 'input_json_delta', partial_json }))
      : plan.tokens.map((text) => ({ type: 'text_delta', text }));
  let firstContent = -1;
  if (deltas.length > 0) {
    const block =
      plan.kind === 'tool'
        ? { type: 'tool_use', id: `toolu_01${idSlot}`, name: plan.name, input: {} }
        : { type: 'text', text: '' };
    event(frames, { type: 'content_block_start', index: 0, content_block: block });
    event(frames, { type: 'ping' });
    firstContent = frames.length;
    for (const delta of deltas) event(frames, { type: 'content_block_delta', index: 0, delta });
    event(frames, { type: 'content_block_stop', index: 0 });
  }
  const lastContent = firstContent === -1 ? -1 : firstContent + deltas.length - 1;
  event(frames, {
    type: 'message_delta',
    delta: { stop_reason: anthropicStopReason(plan), stop_sequence: null },
    usage: { ...usage, output_tokens: outputTokensOf(plan) },
  });
  event(frames, { type: 'message_stop' });
  return { frames, firstContent, lastContent };
}
