import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVendorError } from './parse-vendor-error.ts';

test('reads a Gemini error: its status as the type and the RetryInfo delay in ms', () => {
  const body = {
    error: {
      code: 429,
      message: 'You exceeded your current quota.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17.5s' },
      ],
    },
  };
  assert.deepEqual(parseVendorError(Buffer.from(JSON.stringify(body))), {
    errorType: 'RESOURCE_EXHAUSTED',
    errorCode: undefined,
    retryAfterMs: 17_500,
  });
  assert.equal(parseVendorError(Buffer.from(JSON.stringify([body]))).errorType, 'RESOURCE_EXHAUSTED');
});

test('keeps reading Anthropic and OpenAI errors as before', () => {
  const anthropic = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
  assert.deepEqual(parseVendorError(Buffer.from(JSON.stringify(anthropic))), {
    errorType: 'overloaded_error',
    errorCode: undefined,
  });
  const openai = { error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'no' } };
  assert.deepEqual(parseVendorError(Buffer.from(JSON.stringify(openai))), {
    errorType: 'insufficient_quota',
    errorCode: 'insufficient_quota',
  });
  assert.deepEqual(parseVendorError(Buffer.from('not json')), { errorType: undefined, errorCode: undefined });
});
