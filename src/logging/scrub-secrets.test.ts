import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretScrubber } from './scrub-secrets.ts';

test('replaces every occurrence of every secret in a body', () => {
  const scrub = createSecretScrubber(['key-one', 'key-one-longer', 'other']);
  const body = Buffer.from('{"message":"bad key-one-longer and key-one, other"}');
  assert.equal(scrub(body).toString(), '{"message":"bad [REDACTED] and [REDACTED], [REDACTED]"}');
});

test('returns the same buffer when no secret is in it', () => {
  const body = Buffer.from('{"ok":true}');
  assert.equal(createSecretScrubber(['secret-value'])(body), body);
});
