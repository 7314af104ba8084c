import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateTokens } from './estimate-tokens.ts';

test('estimates input from the body size and output from the request limit, capped', () => {
  assert.deepEqual(estimateTokens(400, { max_tokens: 100 }), { inputTokens: 100, outputTokens: 100 });
  assert.deepEqual(estimateTokens(401, { max_completion_tokens: 64_000 }), { inputTokens: 101, outputTokens: 4096 });
  assert.deepEqual(estimateTokens(8, { generationConfig: { maxOutputTokens: 5 } }), {
    inputTokens: 2,
    outputTokens: 5,
  });
  assert.deepEqual(estimateTokens(0, { max_tokens: 'lots' }), { inputTokens: 0, outputTokens: 0 });
});
