import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { createSseParser } from '../../providers/shared/sse-parser.ts';
import { createAnthropicStreamRenderer } from './render-anthropic-stream.ts';
import { sanitizeToolId } from './sanitize-tool-id.ts';

const usage = { inputTokens: 472, outputTokens: 89, cacheReadTokens: 0, cacheWriteTokens: 0 };

function render(parts: StreamPart[], end = false): string {
  const renderer = createAnthropicStreamRenderer({ model: 'claude-sonnet-4-5' });
  let text = '';
  for (const part of parts) text += renderer.push(part);
  return end ? text + renderer.end() : text;
}

function events(text: string): Record<string, unknown>[] {
  const parsed: Record<string, unknown>[] = [];
  const parser = createSseParser((event) => {
    const data = JSON.parse(event.data);
    assert.equal(event.event, data.type, 'the SSE event name equals the type in its data');
    parsed.push(data);
  });
  parser.push(Buffer.from(text));
  parser.end();
  return parsed;
}

test('renders text and a tool call as the documented event sequence', () => {
  const text = render([
    { type: 'start', id: 'chatcmpl-123', model: 'gpt-4o', usage: { inputTokens: 472 } },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: "Okay, let's check the weather" },
    { type: 'part-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_abc', name: 'get_weather' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: ' "Paris"}' },
    { type: 'part-end', index: 1 },
    { type: 'finish', finishReason: 'tool-calls', usage },
  ]);
  const lines = [
    'event: message_start',
    'data: {"type":"message_start","message":{"id":"msg_chatcmpl-123","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}',
    'event: content_block_start',
    'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    'event: content_block_delta',
    'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let\'s check the weather"}}',
    'event: content_block_stop',
    'data: {"type":"content_block_stop","index":0}',
    'event: content_block_start',
    'data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_abc","name":"get_weather","input":{}}}',
    'event: content_block_delta',
    'data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}',
    'event: content_block_delta',
    'data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"Paris\\"}"}}',
    'event: content_block_stop',
    'data: {"type":"content_block_stop","index":1}',
    'event: message_delta',
    'data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":89}}',
    'event: message_stop',
    'data: {"type":"message_stop"}',
  ];
  const expected = lines.map((line, index) => (index % 2 === 0 ? `${line}\n` : `${line}\n\n`)).join('');
  assert.equal(text, expected);
});

test('numbers blocks 0..n in order of appearance whatever the canonical indexes', () => {
  const parsed = events(
    render([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'reasoning-start', index: 2 },
      { type: 'reasoning-delta', index: 2, text: 'unsigned, so dropped' },
      { type: 'part-end', index: 2 },
      { type: 'text-start', index: 5 },
      { type: 'text-delta', index: 5, text: 'a' },
      { type: 'part-end', index: 5 },
      { type: 'tool-call-start', index: 9, id: 'call:1', name: 'f' },
      { type: 'part-end', index: 9 },
      { type: 'finish', finishReason: 'tool-calls', usage },
    ]),
  );
  const starts = parsed.filter((event) => event.type === 'content_block_start');
  assert.deepEqual(
    starts.map((event) => event.index),
    [0, 1],
  );
  assert.deepEqual(starts[1]?.content_block, { type: 'tool_use', id: sanitizeToolId('call:1'), name: 'f', input: {} });
});

test('opens and closes each block exactly once when parts interleave without part-end', () => {
  const parsed = events(
    render([
      { type: 'start', id: 'x', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'tool-call-start', index: 1, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
      { type: 'tool-call-start', index: 2, id: 'call_2', name: 'g' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"late"' },
      { type: 'finish', finishReason: 'tool-calls', usage },
    ]),
  );
  const shape = parsed.map((event) =>
    event.type === 'content_block_delta' || event.type === 'content_block_start' || event.type === 'content_block_stop'
      ? `${event.type}:${String(event.index)}`
      : String(event.type),
  );
  assert.deepEqual(shape, [
    'message_start',
    'content_block_start:0',
    'content_block_delta:0',
    'content_block_stop:0',
    'content_block_start:1',
    'content_block_delta:1',
    'content_block_stop:1',
    'content_block_start:2',
    'content_block_stop:2',
    'message_delta',
    'message_stop',
  ]);
});

test('sends signed reasoning as a thinking block with its signature', () => {
  const parsed = events(
    render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Let me think' },
      { type: 'reasoning-delta', index: 0, text: '', signature: 'EqQBCgIYAhIM' },
      { type: 'part-end', index: 0 },
      { type: 'finish', finishReason: 'stop', usage },
    ]),
  );
  assert.deepEqual(parsed.slice(1, 5), [
    { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM' } },
    { type: 'content_block_stop', index: 0 },
  ]);
});

test('renders an error part as the documented error event and nothing after it', () => {
  const renderer = createAnthropicStreamRenderer({ model: 'm' });
  renderer.push({ type: 'start', id: 'msg_1', model: 'm' });
  const text = renderer.push({ type: 'error', errorType: 'overloaded_error', message: 'Overloaded' });
  assert.equal(
    text,
    'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
  );
  assert.equal(renderer.push({ type: 'text-delta', index: 0, text: 'more' }), '');
  assert.equal(renderer.end(), '');
});

test('reports an error type Anthropic does not define as api_error', () => {
  const parsed = events(render([{ type: 'error', errorType: 'server_error', message: 'boom' }]));
  assert.deepEqual(parsed, [{ type: 'error', error: { type: 'api_error', message: 'boom' } }]);
});

test('closes the open block and the message at the end when no finish came', () => {
  const parsed = events(
    render(
      [
        { type: 'start', id: 'msg_1', model: 'm' },
        { type: 'text-delta', index: 0, text: 'cut' },
      ],
      true,
    ),
  );
  assert.deepEqual(
    parsed.map((event) => event.type),
    [
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ],
  );
  assert.deepEqual(parsed[4]?.delta, { stop_reason: 'end_turn', stop_sequence: null });
});

test('keeps the input tokens of message_start when the finish does not know them', () => {
  const parsed = events(
    render([
      { type: 'start', id: 'msg_1', model: 'm', usage: { inputTokens: 30 } },
      { type: 'finish', finishReason: 'stop', usage: { ...usage, inputTokens: 0, outputTokens: 7 } },
    ]),
  );
  assert.deepEqual(parsed[1]?.usage, { output_tokens: 7 });
});
