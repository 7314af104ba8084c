import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderGeminiResult } from './render-gemini-result.ts';

test('renders text and a tool call as one candidate, with STOP, usage incl. cached and thought tokens', () => {
  const rendered = renderGeminiResult(
    {
      id: 'msg_01',
      model: 'claude-sonnet-4-6',
      content: [
        { type: 'reasoning', text: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 0, reasoningTokens: 10 },
    },
    { model: 'claude-sonnet-4-6' },
  );
  assert.deepEqual(rendered, {
    candidates: [
      {
        content: {
          role: 'model',
          parts: [
            { text: 'Checking.' },
            { functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } } },
          ],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: 120,
      candidatesTokenCount: 20,
      totalTokenCount: 150,
      cachedContentTokenCount: 100,
      thoughtsTokenCount: 10,
    },
    modelVersion: 'claude-sonnet-4-6',
    responseId: 'msg_01',
  });
});

test('maps length to MAX_TOKENS and refusals to SAFETY', () => {
  const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const finish = (finishReason: 'length' | 'refusal' | 'pause') =>
    (
      renderGeminiResult({ id: 'x', model: 'm', content: [], finishReason, usage }, { model: 'm' }).candidates as {
        finishReason: string;
      }[]
    )[0]?.finishReason;
  assert.equal(finish('length'), 'MAX_TOKENS');
  assert.equal(finish('refusal'), 'SAFETY');
  assert.equal(finish('pause'), 'OTHER');
});
