import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type CandidateTarget, orderTargets } from './choose-targets.ts';

const targetArbitrary: fc.Arbitrary<CandidateTarget> = fc.record({
  weight: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 10, noNaN: true })),
  health: fc.record({
    availability: fc.constantFrom('available', 'probe', 'open', 'cooling-down', 'disabled', 'saturated'),
    outstanding: fc.nat({ max: 20 }),
    ewmaLatencyMs: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
    lastFailureAt: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  }),
});

const usable = new Set(['available', 'probe']);

test('returns unique in-range indexes, never none for a non-empty route, and only usable targets while any is usable', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('fallback' as const, 'balance' as const),
      fc.array(targetArbitrary, { maxLength: 8 }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 4 }),
      (strategy, targets, draws) => {
        let drawIndex = 0;
        const order = orderTargets({ strategy, targets, random: () => draws[drawIndex++ % draws.length]! });
        assert.equal(new Set(order).size, order.length, 'unique');
        for (const index of order) assert.ok(Number.isInteger(index) && index >= 0 && index < targets.length);
        assert.equal(order.length > 0, targets.length > 0);
        const usableIndexes = targets.flatMap((target, index) =>
          usable.has(target.health.availability) ? [index] : [],
        );
        if (usableIndexes.length === 0) {
          assert.equal(order.length, Math.min(1, targets.length));
        } else {
          assert.deepEqual(
            [...order].sort((left, right) => left - right),
            usableIndexes,
            'every usable target, no other',
          );
          if (strategy === 'fallback') assert.deepEqual(order, usableIndexes, 'config order');
        }
      },
    ),
  );
});
