import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRedactor, REDACTED } from './redact-secrets.ts';

test('removes configured secrets verbatim, even ones that look like nothing', () => {
  const redact = createRedactor(['hunter2-plain-secret', 'p@ss.w(ord)*']);
  assert.equal(redact('a hunter2-plain-secret b p@ss.w(ord)* c'), `a ${REDACTED} b ${REDACTED} c`);
});

test('removes credential header values in header and JSON forms', () => {
  const redact = createRedactor([]);
  assert.equal(redact('x-api-key: abc123def'), `x-api-key: ${REDACTED}`);
  assert.equal(redact('{"authorization":"Bearer abc.def"}'), `{"authorization":"${REDACTED}"}`);
  assert.equal(redact('x-goog-api-key=zzz999'), `x-goog-api-key=${REDACTED}`);
  assert.equal(redact('"Authorization": "Basic dXNlcjpwYXNz"'), `"Authorization": "${REDACTED}"`);
});

test('removes key-like strings and Bearer tokens wherever they appear', () => {
  const redact = createRedactor([]);
  const text = redact('keys sk-ant-api03-AbCdEf and sk-proj-123456 and olk_live_abcdef; Bearer tok.en-123');
  assert.doesNotMatch(text, /sk-ant-api03|sk-proj-123456|olk_live|tok\.en-123/);
});

test('leaves ordinary text alone', () => {
  const redact = createRedactor(['sk-secret-xyz']);
  const text =
    '{"level":"info","msg":"request failed","status":502,"provider":"anthropic","model":"claude-sonnet-4-5"}';
  assert.equal(redact(text), text);
});

test('never lets a configured secret through, whatever surrounds it', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z0-9]{6,30}$/), fc.string(), fc.string(), (secret, before, after) => {
      const redact = createRedactor([secret]);
      assert.ok(!redact(`${before}${secret}${after}`).includes(secret));
    }),
  );
});
