import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { signCallback, verifyCallbackSignature } from './sign-callback.ts';

const secret = 'whsec-test-0123456789';

test('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
  const body = '{"id":"job_1"}';
  const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
  assert.equal(signCallback({ secret, body, unixSeconds: 1_700_000_000.9 }), `t=1700000000,v1=${expected}`);
});

test('a receiver verifies its own signature within the tolerance', () => {
  const body = '{"id":"job_1","status":"succeeded"}';
  const header = signCallback({ secret, body, unixSeconds: 1000 });
  assert.equal(verifyCallbackSignature({ secret, header, body, nowUnixSeconds: 1100 }), true);
});

test('a changed body, another secret or an old timestamp fails verification', () => {
  const body = '{"id":"job_1"}';
  const header = signCallback({ secret, body, unixSeconds: 1000 });
  assert.equal(verifyCallbackSignature({ secret, header, body: '{"id":"job_2"}', nowUnixSeconds: 1000 }), false);
  assert.equal(verifyCallbackSignature({ secret: 'another-secret-123456', header, body, nowUnixSeconds: 1000 }), false);
  assert.equal(verifyCallbackSignature({ secret, header, body, nowUnixSeconds: 2000 }), false);
  assert.equal(verifyCallbackSignature({ secret, header: undefined, body, nowUnixSeconds: 1000 }), false);
  assert.equal(verifyCallbackSignature({ secret, header: 'garbage', body, nowUnixSeconds: 1000 }), false);
});
