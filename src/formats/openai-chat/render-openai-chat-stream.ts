import type { StreamPart } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { renderStreamError } from '../../errors/render-stream-error.ts';
import {
  renderOpenAIChatFinishReason,
  renderOpenAIChatId,
  renderOpenAIChatUsage,
} from './render-openai-chat-fields.ts';

/** Options of createOpenAIChatStreamRenderer. */
export interface OpenAIChatStreamRendererOptions {
  /** Model name to report in every chunk (the one the client asked for). */
  model: string;
  /** The client sent `stream_options.include_usage: true`: every chunk carries `usage: null`, then a usage chunk. */
  includeUsage: boolean;
  /** Current time in ms since the epoch, for `created`. */
  nowMs: number;
}

/** Turns canonical stream parts into OpenAI `chat.completion.chunk` SSE text. */
export interface OpenAIChatStreamRenderer {
  /** SSE text for one part (may be empty). */
  push(part: StreamPart): string;
  /** SSE text that closes the stream: `[DONE]` after a finish, an error event if none came; empty the second time. */
  end(): string;
}

/**
 * Renders a canonical stream as OpenAI chunks (B4.3, Anthropic → OpenAI column): a first chunk with the role,
 * content deltas, tool calls numbered among tool calls only (not by canonical part index), a finish chunk, the
 * `choices: []` usage chunk when asked, `data: [DONE]`. Reasoning is dropped. An error part becomes an in-band
 * `{"error":…}` line and the stream ends without `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function createOpenAIChatStreamRenderer(options: OpenAIChatStreamRendererOptions): OpenAIChatStreamRenderer {
  const created = Math.floor(options.nowMs / 1000);
  let id = renderOpenAIChatId('');
  let state: 'idle' | 'open' | 'finished' | 'closed' = 'idle';
  const toolIndexes = new Map<number, number>();

  function chunk(choices: unknown[], usage: unknown = null): string {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model: options.model,
      choices,
    };
    if (options.includeUsage) body.usage = usage;
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  function delta(value: Record<string, unknown>, finishReason: string | null = null): string {
    return chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);
  }

  /** The role chunk, once, before anything else (even when no `start` part came). */
  function open(): string {
    if (state !== 'idle') return '';
    state = 'open';
    return delta({ role: 'assistant', content: '' });
  }

  function render(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        if (state === 'idle') id = renderOpenAIChatId(part.id);
        return open();
      case 'text-delta':
        return part.text === '' ? '' : open() + delta({ content: part.text });
      case 'tool-call-start': {
        const toolIndex = toolIndexes.size;
        toolIndexes.set(part.index, toolIndex);
        const call = { index: toolIndex, id: part.id, type: 'function', function: { name: part.name, arguments: '' } };
        return open() + delta({ tool_calls: [call] });
      }
      case 'tool-call-delta': {
        const toolIndex = toolIndexes.get(part.index);
        if (toolIndex === undefined || part.argumentsDelta === '') return '';
        return open() + delta({ tool_calls: [{ index: toolIndex, function: { arguments: part.argumentsDelta } }] });
      }
      case 'finish': {
        const text = open() + delta({}, renderOpenAIChatFinishReason(part.finishReason));
        state = 'finished';
        return options.includeUsage ? text + chunk([], renderOpenAIChatUsage(part.usage)) : text;
      }
      case 'error':
        state = 'closed';
        return `data: ${JSON.stringify({ error: { message: part.message, type: part.errorType, param: null, code: null } })}\n\n`;
      default:
        return '';
    }
  }

  return {
    push(part) {
      if (state === 'closed' || (state === 'finished' && part.type !== 'error')) return '';
      return render(part);
    },
    end() {
      if (state === 'closed') return '';
      const finished = state === 'finished';
      state = 'closed';
      if (finished) return 'data: [DONE]\n\n';
      const error = new OutlastError(
        'OUTLAST_STREAM_INTERRUPTED',
        'The upstream stream ended before the answer finished',
      );
      return renderStreamError(error, 'openai');
    },
  };
}
