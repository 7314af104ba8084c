import type { StreamPart, Usage } from '../../core/canonical.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { fromAnthropicStopReason } from './from-anthropic-stop-reason.ts';
import { fromAnthropicUsage } from './from-anthropic-usage.ts';

/** Turns Anthropic SSE events into canonical stream parts, one event at a time. */
export interface AnthropicStreamParser {
  /** Reads one event; returns the parts it completes (often none or one). */
  push(event: SseEvent): StreamPart[];
  /** Closes open parts and emits the finish when the stream ended without `message_stop`. */
  end(): StreamPart[];
}

type Fields = Record<string, unknown>;

const eventTypes = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'error',
]);

function fields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Parses an Anthropic Messages event stream (B1.4) into canonical parts: blocks are renumbered 0..n in order (server
 * tool blocks are skipped with their deltas), tool input arrives as `input_json_delta` fragments, `message_delta`
 * usage overwrites (it is cumulative), `message_stop` emits the finish; `ping` and unknown events are ignored.
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming
 */
export function createAnthropicStreamParser(): AnthropicStreamParser {
  let started = false;
  let done = false;
  let nextIndex = 0;
  let usage: Usage = fromAnthropicUsage(undefined);
  let stopReason: unknown = null;
  let stopSequence: unknown = null;
  /** Open blocks: Anthropic block index → canonical part index. */
  const open = new Map<number, number>();

  function finish(): StreamPart[] {
    done = true;
    const part: Extract<StreamPart, { type: 'finish' }> = {
      type: 'finish',
      finishReason: fromAnthropicStopReason(stopReason),
      usage,
    };
    if (stopReason === 'stop_sequence' && typeof stopSequence === 'string') part.stopSequence = stopSequence;
    return [part];
  }

  function blockStart(data: Fields): StreamPart[] {
    const block = fields(data.content_block);
    const index = nextIndex;
    const parts: StreamPart[] = [];
    if (block.type === 'text') {
      parts.push({ type: 'text-start', index });
      if (text(block.text) !== '') parts.push({ type: 'text-delta', index, text: text(block.text) });
    } else if (block.type === 'tool_use') {
      parts.push({ type: 'tool-call-start', index, id: text(block.id), name: text(block.name) });
      // The block starts with `input: {}`; the input itself arrives as input_json_delta fragments.
      const input = fields(block.input);
      if (Object.keys(input).length > 0)
        parts.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(input) });
    } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      // redacted_thinking arrives whole here, but a reasoning-start part has no field for its `data`.
      parts.push({ type: 'reasoning-start', index });
      const thinking = text(block.thinking);
      const signature = text(block.signature);
      if (thinking !== '') parts.push({ type: 'reasoning-delta', index, text: thinking });
      if (signature !== '') parts.push({ type: 'reasoning-delta', index, text: '', signature });
    } else {
      return parts;
    }
    if (typeof data.index === 'number') open.set(data.index, index);
    nextIndex++;
    return parts;
  }

  function blockDelta(data: Fields): StreamPart[] {
    const index = typeof data.index === 'number' ? open.get(data.index) : undefined;
    if (index === undefined) return [];
    const delta = fields(data.delta);
    switch (delta.type) {
      case 'text_delta':
        return [{ type: 'text-delta', index, text: text(delta.text) }];
      case 'input_json_delta':
        return text(delta.partial_json) === ''
          ? []
          : [{ type: 'tool-call-delta', index, argumentsDelta: text(delta.partial_json) }];
      case 'thinking_delta':
        return [{ type: 'reasoning-delta', index, text: text(delta.thinking) }];
      case 'signature_delta':
        return [{ type: 'reasoning-delta', index, text: '', signature: text(delta.signature) }];
      default:
        return [];
    }
  }

  function read(type: string, data: Fields): StreamPart[] {
    switch (type) {
      case 'message_start': {
        if (started) return [];
        started = true;
        const message = fields(data.message);
        usage = fromAnthropicUsage(message.usage);
        return [{ type: 'start', id: text(message.id), model: text(message.model), usage }];
      }
      case 'content_block_start':
        return blockStart(data);
      case 'content_block_delta':
        return blockDelta(data);
      case 'content_block_stop': {
        const index = typeof data.index === 'number' ? open.get(data.index) : undefined;
        if (index === undefined) return [];
        open.delete(data.index as number);
        return [{ type: 'part-end', index }];
      }
      case 'message_delta': {
        const delta = fields(data.delta);
        if ('stop_reason' in delta) stopReason = delta.stop_reason;
        if ('stop_sequence' in delta) stopSequence = delta.stop_sequence;
        usage = fromAnthropicUsage(data.usage, usage);
        return [];
      }
      case 'message_stop':
        return finish();
      case 'error': {
        done = true;
        const error = fields(data.error);
        return [{ type: 'error', errorType: text(error.type) || 'api_error', message: text(error.message) }];
      }
      default:
        return [];
    }
  }

  return {
    push(event) {
      if (done) return [];
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        if (!eventTypes.has(event.event)) return [];
        done = true;
        return [
          { type: 'error', errorType: 'api_error', message: `Unreadable \`${event.event}\` event from Anthropic.` },
        ];
      }
      const body = fields(data);
      return read(typeof body.type === 'string' ? body.type : event.event, body);
    },
    end() {
      if (done || !started) return [];
      const parts: StreamPart[] = [...open.values()].map((index) => ({ type: 'part-end', index }));
      open.clear();
      return [...parts, ...finish()];
    },
  };
}
