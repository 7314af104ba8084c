import { StringDecoder } from 'node:string_decoder';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; `message` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/** An incremental SSE parser: push bytes as they arrive, in any split. */
export interface SseParser {
  /** Feeds a chunk; calls onEvent for every event it completes. */
  push(chunk: Buffer): void;
  /** Flushes an event left unterminated at the end of the stream. */
  end(): void;
}

/**
 * Parses `text/event-stream` per the WHATWG rules: lines end with `\n`, `\r\n` or `\r`; a blank line ends an event;
 * `:` starts a comment; multiple `data:` lines join with `\n`; one space after the colon is dropped. UTF-8 code
 * points split across chunks are kept whole.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  let pendingCr = false;

  function dispatch(): void {
    if (data.length > 0) onEvent({ event: eventName === '' ? 'message' : eventName, data: data.join('\n') });
    eventName = '';
    data = [];
  }

  function line(text: string): void {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.charCodeAt(0) === 58 /* : */) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventName = value;
  }

  function consume(text: string): void {
    buffer += text;
    let start = 0;
    for (let index = 0; index < buffer.length; index++) {
      const code = buffer.charCodeAt(index);
      if (code === 10 /* \n */) {
        if (pendingCr && index === start) {
          pendingCr = false;
          start = index + 1;
          continue;
        }
        pendingCr = false;
        line(buffer.slice(start, index));
        start = index + 1;
      } else if (code === 13 /* \r */) {
        line(buffer.slice(start, index));
        start = index + 1;
        pendingCr = true;
      } else {
        pendingCr = false;
      }
    }
    buffer = buffer.slice(start);
  }

  return {
    push(chunk) {
      consume(decoder.write(chunk));
    },
    end() {
      consume(decoder.end());
      if (buffer !== '') {
        line(buffer);
        buffer = '';
      }
      dispatch();
    },
  };
}
