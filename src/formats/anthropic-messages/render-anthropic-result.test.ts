import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CanonicalResult, FinishReason } from '../../core/canonical.ts';
import { parseAnthropicResponse } from '../../providers/anthropic/parse-anthropic-response.ts';
import { renderAnthropicResult } from './render-anthropic-result.ts';
import { sanitizeToolId } from './sanitize-tool-id.ts';

/** The documented Message examples live beside the parser that reads them. */
function vendorMessage(name: string): Record<string, unknown> {
  const url = new URL(`../../providers/anthropic/__fixtures__/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 };

for (const name of [
  'message-text.json',
  'message-tool-use.json',
  'message-thinking.json',
  'message-cached-usage.json',
]) {
  test(`renders the documented ${name} back exactly after parsing it`, () => {
    const message = vendorMessage(name);
    const rendered = renderAnthropicResult(parseAnthropicResponse(message), { model: String(message.model) });
    assert.deepEqual(rendered, message);
  });
}

test('renders an answer from another vendor as a Message with a msg_ id and sanitised tool ids', () => {
  const result: CanonicalResult = {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    model: 'gpt-4o-2024-08-06',
    content: [
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool-call', id: 'functions.get_weather:0', name: 'get_weather', input: { location: 'Paris' } },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 82, outputTokens: 17, cacheReadTokens: 64, cacheWriteTokens: 0, reasoningTokens: 0 },
  };
  assert.deepEqual(renderAnthropicResult(result, { model: 'claude-sonnet-4-5' }), {
    id: 'msg_chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [
      { type: 'text', text: 'Let me look that up.', citations: null },
      {
        type: 'tool_use',
        id: sanitizeToolId('functions.get_weather:0'),
        name: 'get_weather',
        input: { location: 'Paris' },
      },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: 18,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 64,
      output_tokens: 17,
      output_tokens_details: { thinking_tokens: 0 },
    },
  });
});

test('drops empty text and reasoning that carries no signature', () => {
  const result: CanonicalResult = {
    id: 'msg_1',
    model: 'o3',
    content: [
      { type: 'reasoning', text: 'thinking out loud' },
      { type: 'text', text: '' },
      { type: 'text', text: 'Answer.' },
    ],
    finishReason: 'stop',
    usage,
  };
  const rendered = renderAnthropicResult(result, { model: 'm' });
  assert.deepEqual(rendered.content, [{ type: 'text', text: 'Answer.', citations: null }]);
});

test('maps every finish reason to the documented stop_reason', () => {
  const expected: Record<FinishReason, string> = {
    stop: 'end_turn',
    length: 'max_tokens',
    'tool-calls': 'tool_use',
    'content-filter': 'refusal',
    refusal: 'refusal',
    pause: 'pause_turn',
    error: 'end_turn',
    other: 'end_turn',
  };
  for (const [finishReason, stopReason] of Object.entries(expected)) {
    const result: CanonicalResult = {
      id: 'x',
      model: 'm',
      content: [],
      finishReason: finishReason as FinishReason,
      usage,
    };
    assert.equal(renderAnthropicResult(result, { model: 'm' }).stop_reason, stopReason, finishReason);
  }
});

test('reports a known stop sequence as stop_reason stop_sequence', () => {
  const result: CanonicalResult = {
    id: 'x',
    model: 'm',
    content: [],
    finishReason: 'stop',
    stopSequence: 'END',
    usage,
  };
  const rendered = renderAnthropicResult(result, { model: 'm' });
  assert.equal(rendered.stop_reason, 'stop_sequence');
  assert.equal(rendered.stop_sequence, 'END');
});
