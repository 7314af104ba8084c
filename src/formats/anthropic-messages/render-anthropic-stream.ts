import type { StreamPart, Usage } from '../../core/canonical.ts';
import { toAnthropicMessageId } from './anthropic-message-id.ts';
import { sanitizeToolId } from './sanitize-tool-id.ts';
import { type AnthropicStop, toAnthropicStopReason } from './to-anthropic-stop-reason.ts';
import { toAnthropicUsage } from './to-anthropic-usage.ts';

/** Options of createAnthropicStreamRenderer. */
export interface AnthropicStreamRendererOptions {
  /** The model name the client sees. */
  model: string;
}

/** Turns canonical stream parts into Anthropic SSE text, one part at a time. */
export interface AnthropicStreamRenderer {
  /** Renders one part; returns the SSE text to write (possibly empty). */
  push(part: StreamPart): string;
  /** Closes whatever is still open when the stream ended without a finish; returns the SSE text to write. */
  end(): string;
}

const anthropicErrorTypes = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'timeout_error',
  'api_error',
  'overloaded_error',
]);

function sse(data: { type: string } & Record<string, unknown>): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Renders canonical stream parts as an Anthropic Messages event stream (B1.4, B4.3 "OpenAI chunks → Anthropic SSE"):
 * block indexes 0..n contiguous in order of appearance, one start and one stop per block, deltas only for the open
 * block, `message_stop` last. Text blocks open on their first non-empty delta; reasoning is held until its end and sent
 * only if signed; late deltas for an already closed tool call are dropped.
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming
 */
export function createAnthropicStreamRenderer(options: AnthropicStreamRendererOptions): AnthropicStreamRenderer {
  let started = false;
  let done = false;
  let nextBlock = 0;
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let open: { index: number; block: number; kind: 'text' | 'tool' } | undefined;
  let thinking: { index: number; text: string; signature: string | undefined } | undefined;

  function start(id: string): string {
    if (started) return '';
    started = true;
    const message = {
      id: toAnthropicMessageId(id),
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: toAnthropicUsage(usage),
    };
    return sse({ type: 'message_start', message });
  }

  function closeOpen(): string {
    if (open === undefined) return '';
    const text = sse({ type: 'content_block_stop', index: open.block });
    open = undefined;
    return text;
  }

  function flushThinking(): string {
    const held = thinking;
    thinking = undefined;
    if (held === undefined || held.signature === undefined) return '';
    const index = nextBlock++;
    let text = sse({
      type: 'content_block_start',
      index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    if (held.text !== '') {
      text += sse({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: held.text } });
    }
    text += sse({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: held.signature } });
    return text + sse({ type: 'content_block_stop', index });
  }

  /** Ends the open block and any held reasoning unless they belong to `index`. */
  function leaveFor(index: number): string {
    let text = thinking !== undefined && thinking.index !== index ? flushThinking() : '';
    if (open !== undefined && open.index !== index) text += closeOpen();
    return text;
  }

  function openBlock(index: number, kind: 'text' | 'tool', block: Record<string, unknown>): string {
    open = { index, block: nextBlock++, kind };
    return sse({ type: 'content_block_start', index: open.block, content_block: block });
  }

  /** Ends the message; `final` is undefined when the stream ended without a finish part. */
  function finish(stop: AnthropicStop, final: Usage | undefined): string {
    const text = start('') + flushThinking() + closeOpen();
    // An unknown (zero) input count must not overwrite the one message_start announced: the SDK overwrites, never adds.
    const known = final !== undefined && final.inputTokens > 0;
    if (known) usage = final;
    else if (final !== undefined) {
      usage = { ...usage, outputTokens: final.outputTokens };
      if (final.reasoningTokens !== undefined) usage.reasoningTokens = final.reasoningTokens;
    }
    const deltaUsage = toAnthropicUsage(usage);
    if (!known) {
      delete deltaUsage.input_tokens;
      delete deltaUsage.cache_creation_input_tokens;
      delete deltaUsage.cache_read_input_tokens;
    }
    done = true;
    return text + sse({ type: 'message_delta', delta: stop, usage: deltaUsage }) + sse({ type: 'message_stop' });
  }

  function render(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        if (part.usage !== undefined) usage = { ...usage, ...part.usage };
        return start(part.id);
      case 'text-start':
        return start('') + leaveFor(part.index);
      case 'text-delta': {
        let text = start('') + leaveFor(part.index);
        if (part.text === '') return text;
        if (open === undefined) text += openBlock(part.index, 'text', { type: 'text', text: '' });
        if (open?.kind !== 'text') return text;
        return (
          text + sse({ type: 'content_block_delta', index: open.block, delta: { type: 'text_delta', text: part.text } })
        );
      }
      case 'tool-call-start': {
        const text = start('') + flushThinking() + closeOpen();
        const block = { type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: {} };
        return text + openBlock(part.index, 'tool', block);
      }
      case 'tool-call-delta':
        if (open?.index !== part.index || open.kind !== 'tool' || part.argumentsDelta === '') return '';
        return sse({
          type: 'content_block_delta',
          index: open.block,
          delta: { type: 'input_json_delta', partial_json: part.argumentsDelta },
        });
      case 'reasoning-start':
        return start('') + flushThinking() + closeOpen() + holdThinking(part.index);
      case 'reasoning-delta': {
        const text = start('') + leaveFor(part.index) + closeOpen() + holdThinking(part.index);
        if (thinking !== undefined) {
          thinking.text += part.text;
          if (part.signature !== undefined) thinking.signature = part.signature;
        }
        return text;
      }
      case 'part-end':
        if (thinking?.index === part.index) return flushThinking();
        return open?.index === part.index ? closeOpen() : '';
      case 'finish':
        return finish(toAnthropicStopReason(part.finishReason, part.stopSequence), part.usage);
      case 'error': {
        done = true;
        const type = anthropicErrorTypes.has(part.errorType) ? part.errorType : 'api_error';
        return sse({ type: 'error', error: { type, message: part.message } });
      }
      default:
        return '';
    }
  }

  function holdThinking(index: number): string {
    if (thinking === undefined) thinking = { index, text: '', signature: undefined };
    return '';
  }

  return {
    push(part) {
      return done ? '' : render(part);
    },
    end() {
      if (done) return '';
      return finish(toAnthropicStopReason('other', undefined), undefined);
    },
  };
}
