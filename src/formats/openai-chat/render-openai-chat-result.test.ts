import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CanonicalResult, FinishReason } from '../../core/canonical.ts';
import { renderOpenAIChatResult } from './render-openai-chat-result.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

const noUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

test('renders a text answer as the documented chat.completion body', () => {
  const result: CanonicalResult = {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    model: 'upstream-model',
    content: [{ type: 'text', text: 'Hello! How can I assist you today?' }],
    finishReason: 'stop',
    usage: { inputTokens: 19, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 },
  };
  const body = renderOpenAIChatResult(result, { model: 'gpt-4.1-2025-04-14', nowMs: 1741569952_123 });
  assert.deepEqual(body, fixture('result-text.openai.json'));
});

test('renders text, tool calls and usage of an Anthropic-shaped answer, dropping reasoning', () => {
  const result: CanonicalResult = {
    id: 'msg_01Aq9w938a90dw8q',
    model: 'claude-sonnet-4-5',
    content: [
      { type: 'reasoning', text: 'Two cities, two calls.', signature: 'sig' },
      { type: 'text', text: "I'll check " },
      { type: 'text', text: 'both cities.' },
      { type: 'tool-call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool-call', id: 'toolu_01B19q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Tokyo' } },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 2095, outputTokens: 503, cacheReadTokens: 2048, cacheWriteTokens: 20, reasoningTokens: 120 },
  };
  assert.deepEqual(
    renderOpenAIChatResult(result, { model: 'gpt-4o', nowMs: 1730000000_000 }),
    fixture('result-tool-calls.openai.json'),
  );
});

test('renders content null when the answer has no text', () => {
  const result: CanonicalResult = {
    id: 'x',
    model: 'm',
    content: [{ type: 'tool-call', id: 'c', name: 'f', input: {} }],
    finishReason: 'tool-calls',
    usage: noUsage,
  };
  const body = renderOpenAIChatResult(result, { model: 'm', nowMs: 0 });
  const [choice] = body.choices as { message: Record<string, unknown> }[];
  assert.equal(choice?.message.content, null);
});

test('maps every canonical finish reason to an OpenAI one', () => {
  const expected: Record<FinishReason, string> = {
    stop: 'stop',
    length: 'length',
    'tool-calls': 'tool_calls',
    'content-filter': 'content_filter',
    refusal: 'content_filter',
    pause: 'stop',
    error: 'stop',
    other: 'stop',
  };
  for (const [reason, wire] of Object.entries(expected)) {
    const result: CanonicalResult = {
      id: 'x',
      model: 'm',
      content: [],
      finishReason: reason as FinishReason,
      usage: noUsage,
    };
    const [choice] = renderOpenAIChatResult(result, { model: 'm', nowMs: 0 }).choices as { finish_reason: string }[];
    assert.equal(choice?.finish_reason, wire, reason);
  }
});
