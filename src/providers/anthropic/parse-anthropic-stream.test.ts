import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { assembleStreamParts } from '../../formats/shared/assemble-stream-parts.ts';
import { createSseParser, type SseEvent } from '../shared/sse-parser.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { createAnthropicStreamParser } from './parse-anthropic-stream.ts';

/** Writes a fixture's events as SSE text and reads them back through the SSE parser, as the adapter does. */
function parseFixture(name: string): StreamPart[] {
  const recorded: { event: string; data: unknown }[] = JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'),
  );
  const text = recorded.map((event) => `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`).join('');
  return parseEvents(text);
}

function parseEvents(text: string): StreamPart[] {
  const parser = createAnthropicStreamParser();
  const parts: StreamPart[] = [];
  const sse = createSseParser((event: SseEvent) => parts.push(...parser.push(event)));
  sse.push(Buffer.from(text));
  sse.end();
  return [...parts, ...parser.end()];
}

function event(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

const messageStart = event({
  type: 'message_start',
  message: { id: 'msg_1', model: 'm', content: [], usage: { input_tokens: 10, output_tokens: 1 } },
});

test('parses the documented streamed tool use into canonical parts', () => {
  assert.deepEqual(parseFixture('stream-tool-use.json'), [
    {
      type: 'start',
      id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
      model: 'claude-opus-4-6',
      usage: { inputTokens: 472, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: "Okay, let's check the weather for San Francisco, CA:" },
    { type: 'part-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: ' "San Francisc' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: 'o, CA"}' },
    { type: 'part-end', index: 1 },
    {
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 472, outputTokens: 89, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  ]);
});

test('assembles the documented tool-use stream into the answer a Message body would give', () => {
  const assembled = assembleStreamParts(parseFixture('stream-tool-use.json'));
  const message = parseAnthropicResponse({
    id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
    model: 'claude-opus-4-6',
    content: [
      { type: 'text', text: "Okay, let's check the weather for San Francisco, CA:" },
      {
        type: 'tool_use',
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        input: { location: 'San Francisco, CA' },
      },
    ],
    stop_reason: 'tool_use',
    usage: { input_tokens: 472, output_tokens: 89, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  });
  assert.deepEqual(assembled, message);
});

test('keeps a streamed thinking block with its signature and the thinking token count', () => {
  const result = assembleStreamParts(parseFixture('stream-thinking.json'));
  assert.deepEqual(result.content, [
    {
      type: 'reasoning',
      text: 'Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3',
      signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
    },
    { type: 'text', text: '27 * 453 = 12,231' },
  ]);
  assert.deepEqual(result.usage, {
    inputTokens: 1060,
    outputTokens: 285,
    cacheReadTokens: 1024,
    cacheWriteTokens: 0,
    reasoningTokens: 240,
  });
});

test('turns the documented error event into an error part and ignores what follows', () => {
  const parts = parseFixture('stream-error.json');
  assert.deepEqual(parts.slice(-2), [
    { type: 'text-delta', index: 0, text: 'Hello' },
    { type: 'error', errorType: 'overloaded_error', message: 'Overloaded' },
  ]);
});

test('overwrites usage with each message_delta instead of adding it up', () => {
  const parts = parseEvents(
    messageStart +
      event({ type: 'message_delta', delta: { stop_reason: null }, usage: { output_tokens: 40 } }) +
      event({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens', stop_sequence: null },
        usage: { output_tokens: 50, input_tokens: 12, cache_read_input_tokens: 3 },
      }) +
      event({ type: 'message_stop' }),
  );
  assert.deepEqual(parts.at(-1), {
    type: 'finish',
    finishReason: 'length',
    usage: { inputTokens: 15, outputTokens: 50, cacheReadTokens: 3, cacheWriteTokens: 0 },
  });
});

test('skips server tool blocks and numbers the remaining parts contiguously', () => {
  const parts = parseEvents(
    messageStart +
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
      }) +
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' },
      }) +
      event({ type: 'content_block_stop', index: 0 }) +
      event({
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
      }) +
      event({ type: 'content_block_stop', index: 1 }) +
      event({ type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } }) +
      event({ type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Found it.' } }) +
      event({
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'citations_delta', citation: { type: 'web_search_result_location' } },
      }) +
      event({ type: 'content_block_stop', index: 2 }),
  );
  assert.deepEqual(parts.slice(1, 4), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Found it.' },
    { type: 'part-end', index: 0 },
  ]);
});

test('ignores ping and event types added later', () => {
  const parts = parseEvents(
    messageStart +
      event({ type: 'ping' }) +
      event({ type: 'message_annotation', payload: {} }) +
      'event: ping\ndata: not json\n\n',
  );
  assert.equal(parts.filter((part) => part.type !== 'start' && part.type !== 'finish').length, 0);
});

test('closes the open block and emits a finish when the stream ends without message_stop', () => {
  const parts = parseEvents(
    messageStart +
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'cut off' } }),
  );
  assert.deepEqual(parts.slice(-2), [
    { type: 'part-end', index: 0 },
    {
      type: 'finish',
      finishReason: 'other',
      usage: { inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  ]);
});

test('reports an unreadable event as an error part', () => {
  const parts = parseEvents(messageStart + 'event: content_block_delta\ndata: {"type":"content_bl\n\n');
  assert.deepEqual(parts.at(-1), {
    type: 'error',
    errorType: 'api_error',
    message: 'Unreadable `content_block_delta` event from Anthropic.',
  });
});
