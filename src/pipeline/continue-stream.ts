import { Readable } from 'node:stream';
import type { WireFormat } from '../core/provider-adapter.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { renderStreamError } from '../errors/render-stream-error.ts';
import { createSseParser, type SseEvent } from '../providers/shared/sse-parser.ts';

/** A continuation the pipeline found for a broken stream: a committed upstream stream that continues the text. */
export interface Continuation {
  /** Stream bytes read before the continuation's commit point. */
  prefix: readonly Buffer[];
  /** The rest of the continuation's stream. */
  body: Readable;
}

/** Options of createContinuingStream. */
export interface ContinuingStreamOptions {
  /** The client's (and the targets') wire format. */
  format: WireFormat;
  /** Bytes of the first upstream read before its commit point. */
  prefix: readonly Buffer[];
  /** The first upstream's body. */
  body: Readable;
  /** Asks the next target to continue `partialText`; undefined when no target could. */
  resume: (partialText: string) => Promise<Continuation | undefined>;
}

/** What has been sent to the client so far, in the client's index space. */
interface SentState {
  /** Text of every text block / content delta so far. */
  text: string;
  /** Anthropic: blocks started so far. */
  blocks: number;
  /** Anthropic: index of the open block, if any. */
  openIndex: number | undefined;
  /** Anthropic: type of the open block. */
  openType: string | undefined;
  /** A tool call is under way: its arguments cannot be continued from text. */
  toolCall: boolean;
  /** The answer finished (message_stop / [DONE]). */
  done: boolean;
}

function track(state: SentState, format: WireFormat, event: SseEvent): void {
  if (format === 'openai') {
    if (event.data === '[DONE]') {
      state.done = true;
      return;
    }
    const chunk = safeParse(event.data) as
      | { choices?: { delta?: { content?: unknown; tool_calls?: unknown } }[] }
      | undefined;
    const delta = chunk?.choices?.[0]?.delta;
    if (typeof delta?.content === 'string') state.text += delta.content;
    if (delta?.tool_calls !== undefined) state.toolCall = true;
    return;
  }
  const data = safeParse(event.data) as
    | { index?: number; content_block?: { type?: string }; delta?: { type?: string; text?: string } }
    | undefined;
  if (event.event === 'content_block_start') {
    state.openIndex = data?.index;
    state.openType = data?.content_block?.type;
    state.blocks = (data?.index ?? state.blocks) + 1;
    if (state.openType !== 'text') state.toolCall = state.toolCall || state.openType === 'tool_use';
  } else if (event.event === 'content_block_delta' && data?.delta?.type === 'text_delta') {
    state.text += data.delta.text ?? '';
  } else if (event.event === 'content_block_stop') {
    state.openIndex = undefined;
    state.openType = undefined;
  } else if (event.event === 'message_stop') {
    state.done = true;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Rewrites a continuation's events into the client's stream: Anthropic drops the second `message_start`, merges
 * the first text block into the block left open (or appends after the blocks sent) and shifts block indexes;
 * OpenAI drops the continuation's opening role chunk. Returns undefined for an event to drop.
 */
function rewrite(
  event: SseEvent,
  format: WireFormat,
  offset: { value: number; mergeFirst: boolean },
): string | undefined {
  if (format === 'openai') {
    const chunk = safeParse(event.data) as { choices?: { delta?: { role?: string; content?: string } }[] } | undefined;
    const delta = chunk?.choices?.[0]?.delta;
    if (delta?.role !== undefined && (delta.content === undefined || delta.content === '')) return undefined;
    return `data: ${event.data}\n\n`;
  }
  if (event.event === 'message_start') return undefined;
  const data = safeParse(event.data) as { index?: number } | undefined;
  if (data === undefined || typeof data.index !== 'number') return `event: ${event.event}\ndata: ${event.data}\n\n`;
  if (event.event === 'content_block_start' && data.index === 0 && offset.mergeFirst) return undefined;
  data.index += offset.value;
  return `event: ${event.event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The client's stream for a route with `mid_stream: continue`: relays the first upstream byte for byte; when it
 * breaks before the answer finished, asks the next target to continue the text sent so far and splices its events
 * in, so the client reads one uninterrupted answer. A tool call in flight cannot be continued: then, or when no
 * target can continue, the stream ends with a protocol-correct error event.
 */
export function createContinuingStream(options: ContinuingStreamOptions): Readable {
  const { format } = options;
  const state: SentState = {
    text: '',
    blocks: 0,
    openIndex: undefined,
    openType: undefined,
    toolCall: false,
    done: false,
  };
  let current: Readable | undefined;
  const output = new Readable({
    read() {
      current?.resume();
    },
    destroy(error, callback) {
      current?.destroy();
      callback(error);
    },
  });

  function emit(chunk: Buffer | string): void {
    if (!output.push(chunk)) current?.pause();
  }

  function fail(): void {
    const error = new OutlastError(
      'OUTLAST_STREAM_INTERRUPTED',
      'The upstream stream broke and no target could continue it.',
      {
        shouldRetry: false,
      },
    );
    output.push(renderStreamError(error, format));
    output.push(null);
  }

  function follow(
    body: Readable,
    prefix: readonly Buffer[],
    transform: { value: number; mergeFirst: boolean } | undefined,
  ): void {
    current = body;
    const parser = createSseParser((event) => {
      if (transform === undefined) {
        track(state, format, event);
        return;
      }
      const text = rewrite(event, format, transform);
      if (text === undefined) return;
      const reparsed =
        format === 'anthropic' ? { event: event.event, data: text.slice(text.indexOf('data: ') + 6, -2) } : event;
      track(state, format, reparsed);
      emit(text);
    });
    const onChunk = (chunk: Buffer) => {
      if (transform === undefined) emit(chunk);
      parser.push(chunk);
    };
    for (const chunk of prefix) onChunk(chunk);
    if (body.readableEnded) {
      parser.end();
      settle();
      return;
    }
    body.on('data', onChunk);
    body.once('end', () => {
      parser.end();
      settle();
    });
    body.once('error', () => settle());
    body.resume();
  }

  function settle(): void {
    if (output.destroyed) return;
    if (state.done) {
      output.push(null);
      return;
    }
    if (state.toolCall) {
      fail();
      return;
    }
    const sentOpenText = state.openIndex !== undefined && state.openType === 'text';
    const transform = { value: sentOpenText ? state.openIndex! : state.blocks, mergeFirst: sentOpenText };
    options.resume(state.text).then(
      (continuation) => {
        if (output.destroyed) {
          continuation?.body.destroy();
          return;
        }
        if (continuation === undefined) fail();
        else follow(continuation.body, continuation.prefix, transform);
      },
      () => fail(),
    );
  }

  follow(options.body, options.prefix, undefined);
  return output;
}
