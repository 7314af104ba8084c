import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { StreamPart } from '../../core/canonical.ts';
import { createSseParser } from '../shared/sse-parser.ts';
import { createOpenAIChatStreamParser } from './parse-openai-chat-stream.ts';

function fixture(name: string): unknown[] {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown[];
}

/** The chunks as an upstream sends them: `data: <json>` events, `[DONE]` verbatim. */
function sse(chunks: readonly unknown[]): string {
  return chunks.map((chunk) => `data: ${chunk === '[DONE]' ? chunk : JSON.stringify(chunk)}\n\n`).join('');
}

/** Runs SSE text through the SSE parser and the OpenAI stream parser, end() included. */
function parse(text: string, restoreToolName?: (sent: string) => string): StreamPart[] {
  const parser = createOpenAIChatStreamParser({ restoreToolName });
  const parts: StreamPart[] = [];
  const events = createSseParser((event) => parts.push(...parser.push(event)));
  events.push(Buffer.from(text, 'utf8'));
  events.end();
  parts.push(...parser.end());
  return parts;
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null, usage: unknown = null): unknown {
  return { id: 'chatcmpl-s', model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }], usage };
}

const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
const canonicalUsage = { inputTokens: 5, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 };
const zeroUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

test('parses a parallel tool-call stream with fragmented arguments and a usage chunk', () => {
  const expected: StreamPart[] = [
    { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-2024-08-06' },
    { type: 'tool-call-start', index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{"lo' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: 'cation": "Paris' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: ', France"}' },
    { type: 'part-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_ABc1zCmMmZsUxQZgDxrwEHTx', name: 'get_weather' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location": ' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '"Bogotá, Colombia"}' },
    { type: 'part-end', index: 1 },
    {
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 25, cacheReadTokens: 64, cacheWriteTokens: 0, reasoningTokens: 0 },
    },
  ];
  assert.deepEqual(parse(sse(fixture('stream-parallel-tool-calls.json'))), expected);
});

test('parses the documented text stream and finishes with zero usage when none was sent', () => {
  const expected: StreamPart[] = [
    { type: 'start', id: 'chatcmpl-123', model: 'gpt-4o-mini' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Hello' },
    { type: 'text-delta', index: 0, text: '!' },
    { type: 'part-end', index: 0 },
    { type: 'finish', finishReason: 'stop', usage: zeroUsage },
  ];
  assert.deepEqual(parse(sse(fixture('stream-text.json'))), expected);
});

test('turns a streamed refusal into text with finish reason refusal', () => {
  const parts = parse(sse(fixture('stream-refusal.json')));
  assert.deepEqual(parts.slice(1), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: "I'm sorry, " },
    { type: 'text-delta', index: 0, text: 'I cannot assist with that request.' },
    { type: 'part-end', index: 0 },
    {
      type: 'finish',
      finishReason: 'refusal',
      usage: { ...zeroUsage, inputTokens: 81, outputTokens: 11, reasoningTokens: 0 },
    },
  ]);
});

test('turns an error line into an error part and emits nothing after it', () => {
  const parts = parse(sse(fixture('stream-error.json')));
  assert.deepEqual(parts, [
    { type: 'start', id: 'chatcmpl-9', model: 'gpt-4o-mini' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Par' },
    {
      type: 'error',
      errorType: 'server_error',
      message: 'The server had an error while processing your request. Sorry about that!',
    },
  ]);
});

test('holds the finish reason until the usage chunk arrives', () => {
  const parser = createOpenAIChatStreamParser();
  const message = (value: unknown) => ({ event: 'message', data: JSON.stringify(value) });
  parser.push(message(chunk({ role: 'assistant', content: 'Hi' })));
  assert.deepEqual(parser.push(message(chunk({}, 'stop'))), [{ type: 'part-end', index: 0 }]);
  const usageChunk = { id: 'chatcmpl-s', model: 'm', choices: [], usage };
  assert.deepEqual(parser.push(message(usageChunk)), [{ type: 'finish', finishReason: 'stop', usage: canonicalUsage }]);
  assert.deepEqual(parser.push({ event: 'message', data: '[DONE]' }), []);
  assert.deepEqual(parser.end(), []);
});

test('numbers a tool call after text by canonical part, not by OpenAI tool index', () => {
  const parts = parse(
    sse([
      chunk({ role: 'assistant', content: 'Let me check.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]),
  );
  assert.deepEqual(parts.slice(1), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Let me check.' },
    { type: 'part-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_1', name: 'f' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
    { type: 'part-end', index: 1 },
    { type: 'finish', finishReason: 'tool-calls', usage: zeroUsage },
  ]);
});

test('buffers tool arguments until the function name arrives', () => {
  const parts = parse(
    sse([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '1' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ]),
  );
  assert.deepEqual(parts.slice(1, 4), [
    { type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '}' },
  ]);
});

test('synthesizes a stable id when the upstream sends none', () => {
  const text = sse([chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{}' } }] }), '[DONE]']);
  const first = parse(text);
  assert.deepEqual(first[1], { type: 'tool-call-start', index: 0, id: 'call_chatcmpl-s_0', name: 'f' });
  assert.deepEqual(parse(text), first);
});

test('reads content and tool calls carried by the same chunk', () => {
  const parts = parse(
    sse([
      chunk({
        content: 'Sure.',
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
      }),
      '[DONE]',
    ]),
  );
  assert.deepEqual(parts.slice(1, -1), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'Sure.' },
    { type: 'part-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'call_1', name: 'f' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{"x":1}' },
    { type: 'part-end', index: 1 },
  ]);
});

test('reads content and finish_reason carried by the same chunk, usage included', () => {
  const parts = parse(sse([chunk({ role: 'assistant', content: 'All at once.' }, 'stop', usage), '[DONE]']));
  assert.deepEqual(parts, [
    { type: 'start', id: 'chatcmpl-s', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'All at once.' },
    { type: 'part-end', index: 0 },
    { type: 'finish', finishReason: 'stop', usage: canonicalUsage },
  ]);
});

test('starts a new call when a known index comes back with a new id', () => {
  const parts = parse(
    sse([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'call_2', function: { name: 'g', arguments: '{}' } }] }),
      '[DONE]',
    ]),
  );
  assert.deepEqual(
    parts.filter((part) => part.type === 'tool-call-start'),
    [
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'g' },
    ],
  );
});

test('ignores a call repeated at another index with the same id', () => {
  const call = { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } };
  const parts = parse(
    sse([
      chunk({
        tool_calls: [
          { index: 0, ...call },
          { index: 1, ...call },
        ],
      }),
      '[DONE]',
    ]),
  );
  assert.deepEqual(
    parts.filter((part) => part.type.startsWith('tool-call')),
    [
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
    ],
  );
});

test('flushes a tool call whose name never came instead of dropping its arguments', () => {
  const parts = parse(
    sse([chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { arguments: '{"a":1}' } }] }), '[DONE]']),
  );
  assert.deepEqual(parts.slice(1, 3), [
    { type: 'tool-call-start', index: 0, id: 'call_1', name: '' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
  ]);
});

test('restores shortened tool names', () => {
  const parts = parse(
    sse([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'short_1a2b', arguments: '' } }] }), '[DONE]']),
    (sent) => (sent === 'short_1a2b' ? 'a.long.name' : sent),
  );
  assert.deepEqual(parts[1], { type: 'tool-call-start', index: 0, id: 'c', name: 'a.long.name' });
});

test('keeps non-standard reasoning_content as a reasoning part', () => {
  const parts = parse(sse([chunk({ reasoning_content: 'hmm' }), chunk({ content: 'ok' }), '[DONE]']));
  assert.deepEqual(parts.slice(1, 6), [
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'hmm' },
    { type: 'part-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'ok' },
  ]);
});

test('finishes with other when the stream ends without [DONE] or a finish reason', () => {
  const parts = parse(sse([chunk({ content: 'cut' })]));
  assert.deepEqual(parts.slice(-2), [
    { type: 'part-end', index: 0 },
    { type: 'finish', finishReason: 'other', usage: zeroUsage },
  ]);
});

test('finishes with the held reason when the stream ends after the finish chunk without usage', () => {
  const parts = parse(sse([chunk({ content: 'done' }, 'length')]));
  assert.deepEqual(parts.at(-1), { type: 'finish', finishReason: 'length', usage: zeroUsage });
});

test('reports an error when the stream ends without any chunk', () => {
  assert.deepEqual(parse(''), [
    { type: 'error', errorType: 'server_error', message: 'The upstream stream ended without sending a chunk' },
  ]);
});

test('ignores empty keep-alive events', () => {
  const parts = parse(`data: \n\n${sse(fixture('stream-text.json'))}`);
  assert.deepEqual(parts[0], { type: 'start', id: 'chatcmpl-123', model: 'gpt-4o-mini' });
});

test('reports an error for an event that is not JSON', () => {
  const parts = parse('data: {not json\n\n');
  assert.equal(parts.length, 1);
  assert.equal(parts[0]?.type, 'error');
});
