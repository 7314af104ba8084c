import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBackoff, fullJitterBackoffMs } from './backoff.ts';

test('doubles the ceiling with each retry until the cap', () => {
  const waits = [0, 1, 2, 3, 4, 5].map((attempt) =>
    fullJitterBackoffMs({ attempt, ...defaultBackoff, random: () => 0.5 }),
  );
  assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 4000]);
});

test('waits nothing when the draw is zero', () => {
  assert.equal(fullJitterBackoffMs({ attempt: 3, ...defaultBackoff, random: () => 0 }), 0);
});

test('stays at the cap for very large attempt numbers', () => {
  assert.equal(fullJitterBackoffMs({ attempt: 5000, baseMs: 500, capMs: 8000, random: () => 0.5 }), 4000);
});
