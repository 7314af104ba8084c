import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../../test/helpers/split-at.ts';
import { createSseParser, type SseEvent } from './sse-parser.ts';

function parseAll(chunks: Buffer[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

const eventArbitrary = fc.record({
  event: fc.constantFrom('message_start', 'content_block_delta', 'ping', 'error', ''),
  lines: fc.array(
    fc.string({ unit: 'grapheme' }).filter((text) => !/[\r\n]/.test(text)),
    { minLength: 1, maxLength: 3 },
  ),
});

test('gives the same events whatever the chunk boundaries and line endings', () => {
  fc.assert(
    fc.property(
      fc.array(eventArbitrary, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.array(fc.nat(), { maxLength: 12 }),
      (events, newline, cuts) => {
        let text = ': keep-alive comment' + newline;
        for (const event of events) {
          if (event.event !== '') text += `event: ${event.event}${newline}`;
          for (const line of event.lines) text += `data: ${line}${newline}`;
          text += newline;
        }
        const bytes = Buffer.from(text, 'utf8');
        const expected = events.map((event) => ({
          event: event.event === '' ? 'message' : event.event,
          data: event.lines.join('\n'),
        }));
        assert.deepEqual(parseAll(splitAt(bytes, cuts)), expected);
      },
    ),
  );
});

test('parses an Anthropic error event sent after a 200', () => {
  const text =
    'event: message_start\ndata: {"type":"message_start"}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error"}}\n\n';
  const events = parseAll([Buffer.from(text)]);
  assert.equal(events[1]?.event, 'error');
  assert.match(events[1]?.data ?? '', /overloaded_error/);
});

test('keeps a multi-byte character split across chunks whole', () => {
  const bytes = Buffer.from('data: 日本\n\n', 'utf8');
  const events = parseAll([bytes.subarray(0, 7), bytes.subarray(7)]);
  assert.equal(events[0]?.data, '日本');
});
