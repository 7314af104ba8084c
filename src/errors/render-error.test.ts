import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutlastError } from './outlast-error.ts';
import { renderError } from './render-error.ts';
import { renderStreamError } from './render-stream-error.ts';

test('renders an Anthropic error body with the gateway code in details', () => {
  const rendered = renderError(
    new OutlastError('OUTLAST_UNKNOWN_MODEL', 'no such model', { param: 'model' }),
    'anthropic',
    'req_1',
  );
  assert.equal(rendered.status, 404);
  assert.deepEqual(JSON.parse(rendered.body), {
    type: 'error',
    error: { type: 'not_found_error', message: 'no such model', details: { error_code: 'OUTLAST_UNKNOWN_MODEL' } },
    request_id: 'req_1',
  });
});

test('renders an OpenAI error body with param and code', () => {
  const rendered = renderError(
    new OutlastError('OUTLAST_INVALID_REQUEST', 'bad', { param: 'messages[0].role' }),
    'openai',
    'r',
  );
  assert.equal(rendered.status, 400);
  assert.deepEqual(JSON.parse(rendered.body), {
    error: {
      message: 'bad',
      type: 'invalid_request_error',
      param: 'messages[0].role',
      code: 'OUTLAST_INVALID_REQUEST',
    },
  });
});

test('sends 529 to Anthropic clients and 503 to OpenAI clients when every target is overloaded', () => {
  const error = new OutlastError('OUTLAST_UPSTREAM_OVERLOADED', 'overloaded', { shouldRetry: false });
  assert.equal(renderError(error, 'anthropic', 'r').status, 529);
  assert.equal(renderError(error, 'openai', 'r').status, 503);
  assert.equal(renderError(error, 'openai', 'r').headers['x-should-retry'], 'false');
});

test('adds retry-after in seconds, rounded up, and retry-after-ms', () => {
  const rendered = renderError(new OutlastError('OUTLAST_RATE_LIMITED', 'wait', { retryAfterMs: 1200 }), 'openai', 'r');
  assert.equal(rendered.headers['retry-after'], '2');
  assert.equal(rendered.headers['retry-after-ms'], '1200');
});

test('renders a mid-stream error as an Anthropic error event and as an OpenAI error data line', () => {
  const error = new OutlastError('OUTLAST_STREAM_INTERRUPTED', 'broke');
  assert.match(
    renderStreamError(error, 'anthropic'),
    /^event: error\ndata: \{"type":"error","error":\{"type":"api_error"/,
  );
  assert.match(renderStreamError(error, 'openai'), /^data: \{"error":\{"message":"broke"/);
  assert.doesNotMatch(renderStreamError(error, 'openai'), /\[DONE\]/);
});

test('renders a Gemini error body: Google status, the gateway code in an ErrorInfo, the wait in a RetryInfo', () => {
  const rendered = renderError(
    new OutlastError('OUTLAST_RATE_LIMITED', 'every target is rate limited', { retryAfterMs: 2500 }),
    'gemini',
    'req_1',
  );
  assert.equal(rendered.status, 429);
  assert.deepEqual(JSON.parse(rendered.body), {
    error: {
      code: 429,
      message: 'every target is rate limited',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'OUTLAST_RATE_LIMITED', domain: 'outlast' },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
      ],
    },
  });
  const overloaded = renderError(new OutlastError('OUTLAST_UPSTREAM_OVERLOADED', 'busy'), 'gemini', 'req_2');
  assert.equal(overloaded.status, 503);
  assert.equal(JSON.parse(overloaded.body).error.status, 'UNAVAILABLE');
  const invalid = renderError(
    new OutlastError('OUTLAST_INVALID_REQUEST', 'Invalid `contents`', { param: 'contents' }),
    'gemini',
    'req_3',
  );
  assert.deepEqual(JSON.parse(invalid.body).error.details[0].metadata, { param: 'contents' });
});

test('a Gemini stream error is a last data chunk holding an error object', () => {
  const text = renderStreamError(new OutlastError('OUTLAST_STREAM_INTERRUPTED', 'broke'), 'gemini');
  assert.match(text, /^data: \{"error":\{"code":502,"message":"broke","status":"UNAVAILABLE"/);
  assert.ok(text.endsWith('\n\n'));
});
