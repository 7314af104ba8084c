import type { CanonicalResult } from '../../core/canonical.ts';
import {
  renderOpenAIChatFinishReason,
  renderOpenAIChatId,
  renderOpenAIChatUsage,
} from './render-openai-chat-fields.ts';

/** Options of renderOpenAIChatResult. */
export interface RenderOpenAIChatResultOptions {
  /** Model name to report (the one the client asked for). */
  model: string;
  /** Current time in ms since the epoch, for `created` (injected so the function stays pure). */
  nowMs: number;
}

/**
 * Renders a canonical answer as a `chat.completion` body: text parts joined into `message.content` (null when there
 * are none), tool calls as `tool_calls` with their input stringified, reasoning dropped, finish and usage per B4.2.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function renderOpenAIChatResult(
  result: CanonicalResult,
  options: RenderOpenAIChatResultOptions,
): Record<string, unknown> {
  let text: string | null = null;
  const toolCalls: Record<string, unknown>[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({
        id: part.id,
        type: 'function',
        function: { name: part.name, arguments: JSON.stringify(part.input) },
      });
    }
  }
  const message: Record<string, unknown> = { role: 'assistant', content: text, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: renderOpenAIChatId(result.id),
    object: 'chat.completion',
    created: Math.floor(options.nowMs / 1000),
    model: options.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: renderOpenAIChatFinishReason(result.finishReason) }],
    usage: renderOpenAIChatUsage(result.usage),
  };
}
