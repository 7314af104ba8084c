import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { FinishReason } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

test('reads the documented text message into one text part', () => {
  assert.deepEqual(parseAnthropicResponse(fixture('message-text.json')), {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'Hi! My name is Claude.' }],
    finishReason: 'stop',
    usage: { inputTokens: 2095, outputTokens: 503, cacheReadTokens: 0, cacheWriteTokens: 0 },
  });
});

test('reads the documented tool_use message into text and a tool call', () => {
  assert.deepEqual(parseAnthropicResponse(fixture('message-tool-use.json')), {
    id: 'msg_01Aq9w938a90dw8q',
    model: 'claude-opus-4-6',
    content: [
      { type: 'text', text: "I'll check the current weather in San Francisco for you." },
      {
        type: 'tool-call',
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        input: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 384, outputTokens: 92, cacheReadTokens: 0, cacheWriteTokens: 0 },
  });
});

test('keeps thinking with its signature, redacted thinking with its data, and the thinking token count', () => {
  assert.deepEqual(parseAnthropicResponse(fixture('message-thinking.json')), {
    id: 'msg_01PnzuuMk7yNoC4W6tbAgKyp',
    model: 'claude-sonnet-4-5',
    content: [
      {
        type: 'reasoning',
        text: 'Let me analyze this step by step...',
        signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL',
      },
      {
        type: 'reasoning',
        text: '',
        redacted:
          'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8',
      },
      { type: 'text', text: 'Based on my analysis, there are 27 prime numbers below 100.' },
    ],
    finishReason: 'stop',
    usage: { inputTokens: 46, outputTokens: 1412, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 1180 },
  });
});

test('counts cached tokens as input tokens and keeps the matched stop sequence', () => {
  const result = parseAnthropicResponse(fixture('message-cached-usage.json'));
  assert.deepEqual(result.usage, {
    inputTokens: 21 + 188086 + 5000,
    outputTokens: 393,
    cacheReadTokens: 5000,
    cacheWriteTokens: 188086,
  });
  assert.equal(result.finishReason, 'stop');
  assert.equal(result.stopSequence, '\n\nHuman:');
});

test('drops server tool blocks and keeps the text around them', () => {
  assert.deepEqual(parseAnthropicResponse(fixture('message-server-tool.json')).content, [
    { type: 'text', text: "I'll search for when Claude Shannon was born." },
    { type: 'text', text: 'Claude Shannon was born on April 30, 1916, in Petoskey, Michigan.' },
  ]);
});

test('maps every documented stop_reason to a finish reason', () => {
  const expected: Record<string, FinishReason> = {
    end_turn: 'stop',
    stop_sequence: 'stop',
    max_tokens: 'length',
    model_context_window_exceeded: 'length',
    tool_use: 'tool-calls',
    refusal: 'refusal',
    pause_turn: 'pause',
  };
  for (const [stopReason, finishReason] of Object.entries(expected)) {
    const body = { id: 'msg_1', model: 'm', content: [], stop_reason: stopReason, usage: {} };
    assert.equal(parseAnthropicResponse(body).finishReason, finishReason, stopReason);
  }
});

test('maps a missing or unknown stop_reason to other, never to stop', () => {
  for (const stopReason of [null, 'brand_new_reason', 'constructor']) {
    const body = { id: 'msg_1', model: 'm', content: [], stop_reason: stopReason, usage: {} };
    assert.equal(parseAnthropicResponse(body).finishReason, 'other');
  }
});

test('rejects a body that is not a Message', () => {
  assert.throws(
    () => parseAnthropicResponse({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } }),
    (error) => OutlastError.isOutlastError(error) && error.code === 'OUTLAST_UPSTREAM_FAILED',
  );
});
