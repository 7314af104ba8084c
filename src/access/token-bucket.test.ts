import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { adjustBucket, createBucketState, refillBucket, takeFromBucket } from './token-bucket.ts';

const perMinute = (capacity: number) => ({ capacity, periodMs: 60_000 });

test('allows a burst up to the capacity, then refuses with the wait until one token is back', () => {
  const rule = perMinute(3);
  let state = createBucketState(rule, 0);
  for (let index = 0; index < 3; index++) {
    const take = takeFromBucket({ state, rule, amount: 1, nowMs: 0 });
    assert.equal(take.allowed, true);
    state = take.state;
  }
  const refused = takeFromBucket({ state, rule, amount: 1, nowMs: 0 });
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterMs, 20_000);
  assert.equal(takeFromBucket({ state, rule, amount: 1, nowMs: 20_000 }).allowed, true);
});

test('refills in proportion to the time elapsed, never above the capacity', () => {
  const rule = perMinute(60);
  assert.equal(refillBucket({ tokens: 0, updatedMs: 0 }, rule, 30_000).tokens, 30);
  assert.equal(refillBucket({ tokens: 50, updatedMs: 0 }, rule, 600_000).tokens, 60);
});

test('a clock that goes backwards neither refills nor rewinds the bucket', () => {
  const rule = perMinute(60);
  const state = refillBucket({ tokens: 10, updatedMs: 5_000 }, rule, 1_000);
  assert.deepEqual(state, { tokens: 10, updatedMs: 5_000 });
});

test('a take larger than the capacity passes from a full bucket and leaves a debt to wait out', () => {
  const rule = perMinute(1_000);
  const take = takeFromBucket({ state: createBucketState(rule, 0), rule, amount: 3_000, nowMs: 0 });
  assert.equal(take.allowed, true);
  assert.equal(take.state.tokens, -2_000);
  const next = takeFromBucket({ state: take.state, rule, amount: 1, nowMs: 0 });
  assert.equal(next.allowed, false);
  assert.equal(next.retryAfterMs, 120_060);
});

test('settling gives back what an estimate over-charged, and charges what it under-charged', () => {
  const rule = perMinute(1_000);
  const charged = takeFromBucket({ state: createBucketState(rule, 0), rule, amount: 800, nowMs: 0 }).state;
  assert.equal(adjustBucket(charged, rule, -500).tokens, 700);
  assert.equal(adjustBucket(charged, rule, 400).tokens, -200);
  assert.equal(adjustBucket(charged, rule, -5_000).tokens, 1_000);
});

test('property: waiting the advertised retry-after always lets the same take through', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100_000 }),
      fc.array(fc.record({ amount: fc.integer({ min: 1, max: 200_000 }), gapMs: fc.integer({ min: 0, max: 90_000 }) })),
      (capacity, takes) => {
        const rule = perMinute(capacity);
        let state = createBucketState(rule, 0);
        let nowMs = 0;
        for (const { amount, gapMs } of takes) {
          nowMs += gapMs;
          const take = takeFromBucket({ state, rule, amount, nowMs });
          assert.ok(take.state.tokens <= capacity);
          if (take.allowed) {
            state = take.state;
            continue;
          }
          assert.ok(take.retryAfterMs > 0);
          const later = takeFromBucket({ state: take.state, rule, amount, nowMs: nowMs + take.retryAfterMs });
          assert.equal(later.allowed, true);
          state = take.state;
        }
      },
    ),
  );
});
