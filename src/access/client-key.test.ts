import assert from 'node:assert/strict';
import { test } from 'node:test';
import { msUntilNextUtcDay, msUntilNextUtcMonth, utcDayOf } from './budget-period.ts';
import { generateClientKey, hashClientKey, hashesMatch, readClientKey, showClientKey } from './client-key.ts';

test('generates olk_ keys with 256 bits of randomness, never the same twice', () => {
  const keys = new Set(Array.from({ length: 100 }, generateClientKey));
  assert.equal(keys.size, 100);
  for (const key of keys) {
    assert.match(key, /^olk_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(key.slice(4), 'base64url').length, 32);
  }
});

test('hashes with SHA-256 and compares hashes, shows only a prefix', () => {
  const key = generateClientKey();
  const hash = hashClientKey(key);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(hashesMatch(hash, hashClientKey(key)), true);
  assert.equal(hashesMatch(hash, hashClientKey(`${key}x`)), false);
  assert.equal(hashesMatch(hash, ''), false);
  assert.equal(showClientKey(key).length, 12);
  assert.ok(key.startsWith(showClientKey(key)));
});

test('reads the key each vendor SDK sends', () => {
  assert.equal(readClientKey({ authorization: 'Bearer olk_a' }, ''), 'olk_a');
  assert.equal(readClientKey({ authorization: 'bearer olk_b' }, ''), 'olk_b');
  assert.equal(readClientKey({ 'x-api-key': 'olk_c' }, ''), 'olk_c');
  assert.equal(readClientKey({ 'x-goog-api-key': 'olk_d' }, ''), 'olk_d');
  assert.equal(readClientKey({}, '?alt=sse&key=olk_e'), 'olk_e');
  assert.equal(readClientKey({ authorization: 'Basic abc' }, ''), undefined);
  assert.equal(readClientKey({}, '?monkey=1'), undefined);
});

test('budget periods are UTC days and months', () => {
  const time = Date.UTC(2026, 10, 30, 23, 0, 0);
  assert.equal(utcDayOf(time), '2026-11-30');
  assert.equal(msUntilNextUtcDay(time), 3_600_000);
  assert.equal(msUntilNextUtcMonth(time), 3_600_000);
  assert.equal(msUntilNextUtcMonth(Date.UTC(2026, 11, 31, 0, 0, 0)), 86_400_000);
});
