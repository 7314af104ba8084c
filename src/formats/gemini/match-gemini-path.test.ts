import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchClientEndpoint } from '../client-endpoints.ts';
import { matchGeminiPath, wantsSse } from './match-gemini-path.ts';

test('matches generateContent and streamGenerateContent under v1beta and v1, the model may hold a slash', () => {
  assert.deepEqual(matchGeminiPath('/v1beta/models/gemini-2.5-flash:generateContent'), {
    model: 'gemini-2.5-flash',
    streaming: false,
  });
  assert.deepEqual(matchGeminiPath('/v1/models/gem/gemini-pro:streamGenerateContent'), {
    model: 'gem/gemini-pro',
    streaming: true,
  });
  assert.deepEqual(matchGeminiPath('/v1beta/models/my%20route:generateContent'), {
    model: 'my route',
    streaming: false,
  });
  for (const path of [
    '/v1beta/models/:generateContent',
    '/v1beta/models/x:countTokens',
    '/v1beta/tunedModels/x:generateContent',
    '/v1/chat/completions',
    '/v1beta/models/%E0%A4%A:generateContent',
  ]) {
    assert.equal(matchGeminiPath(path), undefined, path);
  }
});

test('alt=sse selects SSE; the exact paths of the other formats still match first', () => {
  assert.equal(wantsSse('?alt=sse&key=k'), true);
  assert.equal(wantsSse('?key=k'), false);
  const sse = matchClientEndpoint('/v1beta/models/m:streamGenerateContent', '?alt=sse');
  assert.deepEqual(
    { ...sse, endpoint: sse?.endpoint.format },
    { endpoint: 'gemini', model: 'm', stream: true, jsonArray: false },
  );
  const array = matchClientEndpoint('/v1beta/models/m:streamGenerateContent', '');
  assert.equal(array?.jsonArray, true);
  assert.equal(array?.stream, false);
  assert.equal(matchClientEndpoint('/v1/messages', '')?.endpoint.format, 'anthropic');
  assert.equal(matchClientEndpoint('/v1/unknown', ''), undefined);
});
