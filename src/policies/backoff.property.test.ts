import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffCeilingMs, fullJitterBackoffMs } from './backoff.ts';

test('always waits between zero and min(cap, base × 2^attempt)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2000 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 120_000 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (attempt, baseMs, capMs, draw) => {
        const delayMs = fullJitterBackoffMs({ attempt, baseMs, capMs, random: () => draw });
        assert.ok(delayMs >= 0);
        assert.ok(delayMs <= (baseMs === 0 ? 0 : Math.min(capMs, baseMs * 2 ** attempt)));
        assert.ok(Number.isInteger(delayMs));
      },
    ),
  );
});

test('reaches the ceiling when the draw is close to one', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 }), (attempt) => {
      const ceilingMs = backoffCeilingMs({ attempt, baseMs: 500, capMs: 8000 });
      const delayMs = fullJitterBackoffMs({ attempt, baseMs: 500, capMs: 8000, random: () => 0.999_999 });
      assert.ok(ceilingMs - delayMs <= 1);
    }),
  );
});
