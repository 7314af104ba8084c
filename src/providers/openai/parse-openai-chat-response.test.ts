import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CanonicalResult } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { parseOpenAIChatResponse } from './parse-openai-chat-response.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

test('parses the documented text completion', () => {
  const expected: CanonicalResult = {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    model: 'gpt-4.1-2025-04-14',
    content: [{ type: 'text', text: 'Hello! How can I assist you today?' }],
    finishReason: 'stop',
    usage: { inputTokens: 19, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  };
  assert.deepEqual(parseOpenAIChatResponse(fixture('response-text.json')), expected);
});

test('parses parallel tool calls with their arguments, finish and cached tokens', () => {
  const expected: CanonicalResult = {
    id: 'chatcmpl-abc123',
    model: 'gpt-4o-2024-08-06',
    content: [
      { type: 'tool-call', id: 'call_abc', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool-call', id: 'call_def', name: 'get_weather', input: { city: 'Tokyo' } },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 120, outputTokens: 25, cacheReadTokens: 64, cacheWriteTokens: 0, reasoningTokens: 0 },
  };
  assert.deepEqual(parseOpenAIChatResponse(fixture('response-tool-calls.json')), expected);
});

test('turns a refusal into text with finish reason refusal', () => {
  const expected: CanonicalResult = {
    id: 'chatcmpl-9nYAG9LPNonX8DAyrkwYfemr3C8HC',
    model: 'gpt-4o-2024-08-06',
    content: [{ type: 'text', text: "I'm sorry, I cannot assist with that request." }],
    finishReason: 'refusal',
    usage: { inputTokens: 81, outputTokens: 11, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  };
  assert.deepEqual(parseOpenAIChatResponse(fixture('response-refusal.json')), expected);
});

test('restores shortened tool names', () => {
  const result = parseOpenAIChatResponse(fixture('response-tool-calls.json'), {
    restoreToolName: (sent) => (sent === 'get_weather' ? 'weather.get' : sent),
  });
  assert.deepEqual(
    result.content.map((part) => (part.type === 'tool-call' ? part.name : '')),
    ['weather.get', 'weather.get'],
  );
});

function withMessage(message: Record<string, unknown>, finishReason: unknown = 'stop'): unknown {
  return { id: 'chatcmpl-x', model: 'm', choices: [{ index: 0, message, finish_reason: finishReason }] };
}

test('reads invalid or empty tool arguments as an empty object', () => {
  const result = parseOpenAIChatResponse(
    withMessage({
      content: null,
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'f', arguments: '{"broken' } },
        { id: 'b', type: 'function', function: { name: 'g', arguments: '' } },
      ],
    }),
  );
  assert.deepEqual(
    result.content.map((part) => (part.type === 'tool-call' ? part.input : undefined)),
    [{}, {}],
  );
});

test('synthesizes an id for a tool call that has none', () => {
  const result = parseOpenAIChatResponse(
    withMessage({ tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }),
  );
  assert.deepEqual(result.content, [{ type: 'tool-call', id: 'call_chatcmpl-x_0', name: 'f', input: {} }]);
});

test('keeps non-standard reasoning_content as a reasoning part before the text', () => {
  const result = parseOpenAIChatResponse(withMessage({ reasoning_content: 'think', content: 'answer' }));
  assert.deepEqual(result.content, [
    { type: 'reasoning', text: 'think' },
    { type: 'text', text: 'answer' },
  ]);
});

test('maps every finish reason and reads a missing one as other', () => {
  const cases: [unknown, string][] = [
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['something_new', 'other'],
    [null, 'other'],
  ];
  for (const [wire, canonical] of cases) {
    assert.equal(parseOpenAIChatResponse(withMessage({ content: 'x' }, wire)).finishReason, canonical, String(wire));
  }
});

test('reads usage as zeros when the upstream sent none, and cache_write_tokens when it did', () => {
  assert.deepEqual(parseOpenAIChatResponse(withMessage({ content: 'x' })).usage, {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  });
  const body = {
    ...(withMessage({ content: 'x' }) as Record<string, unknown>),
    usage: {
      prompt_tokens: 10,
      completion_tokens: 2,
      prompt_tokens_details: { cached_tokens: 3, cache_write_tokens: 4 },
    },
  };
  assert.deepEqual(parseOpenAIChatResponse(body).usage, {
    inputTokens: 10,
    outputTokens: 2,
    cacheReadTokens: 3,
    cacheWriteTokens: 4,
  });
});

test('reads only choice 0', () => {
  const body = {
    id: 'c',
    model: 'm',
    choices: [
      { index: 1, message: { content: 'second' }, finish_reason: 'length' },
      { index: 0, message: { content: 'first' }, finish_reason: 'stop' },
    ],
  };
  const result = parseOpenAIChatResponse(body);
  assert.deepEqual(result.content, [{ type: 'text', text: 'first' }]);
  assert.equal(result.finishReason, 'stop');
});

test('rejects a body that is not a chat completion', () => {
  assert.throws(
    () => parseOpenAIChatResponse({ error: { message: 'boom', type: 'server_error' } }),
    (error) => OutlastError.isOutlastError(error) && error.code === 'OUTLAST_UPSTREAM_FAILED',
  );
  assert.throws(
    () => parseOpenAIChatResponse('nope'),
    (error) => OutlastError.isOutlastError(error) && error.code === 'OUTLAST_UPSTREAM_FAILED',
  );
});
