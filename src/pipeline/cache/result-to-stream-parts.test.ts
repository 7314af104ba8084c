import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalResult } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { assembleStreamParts } from '../../formats/shared/assemble-stream-parts.ts';
import { isUpstreamFailure } from './create-cache-layer.ts';
import { resultToStreamParts } from './result-to-stream-parts.ts';

const result: CanonicalResult = {
  id: 'msg_1',
  model: 'claude-sonnet-4-6',
  content: [
    { type: 'reasoning', text: 'think', signature: 'sig' },
    { type: 'text', text: 'Calling the tool.' },
    { type: 'tool-call', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: 2 } },
  ],
  finishReason: 'tool-calls',
  usage: { inputTokens: 12, outputTokens: 30, cacheReadTokens: 2, cacheWriteTokens: 0 },
};

test('the stream parts of a result assemble back into the same result', () => {
  assert.deepEqual(assembleStreamParts(resultToStreamParts(result)), result);
  const stopped = { ...result, finishReason: 'stop' as const, stopSequence: 'END', content: [] };
  assert.deepEqual(assembleStreamParts(resultToStreamParts(stopped)), stopped);
});

test('only upstream failures run the degradation ladder', () => {
  assert.equal(isUpstreamFailure(new OutlastError('OUTLAST_UPSTREAM_OVERLOADED', 'x')), true);
  assert.equal(isUpstreamFailure(new OutlastError('OUTLAST_NO_HEALTHY_TARGET', 'x')), true);
  assert.equal(isUpstreamFailure(new OutlastError('OUTLAST_RATE_LIMITED', 'x')), true);
  assert.equal(isUpstreamFailure(new OutlastError('OUTLAST_INVALID_REQUEST', 'x')), false);
  assert.equal(isUpstreamFailure(new OutlastError('OUTLAST_UNKNOWN_MODEL', 'x')), false);
  assert.equal(isUpstreamFailure(new Error('defect')), false);
});
