import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdaptiveThrottle } from './adaptive-throttle.ts';

function fakeClock(startMs = 1_000_000) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

test('never rejects while the upstream accepts everything', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0 });
  for (let request = 0; request < 500; request++) {
    assert.equal(throttle.shouldReject(), false);
    throttle.record(true);
    clock.advance(100);
  }
  assert.equal(throttle.rejectProbability(), 0);
});

test('tolerates one rejection per accepted request with k = 2', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0 });
  for (let request = 0; request < 50; request++) {
    throttle.record(true);
    throttle.record(false);
  }
  assert.equal(throttle.rejectProbability(), 0);
});

test('rejects more and more while everything fails', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0.5, minimumRequests: 1 });
  const probabilities: number[] = [];
  for (let request = 0; request < 20; request++) {
    throttle.record(false);
    probabilities.push(throttle.rejectProbability());
    clock.advance(500);
  }
  for (let index = 1; index < probabilities.length; index++)
    assert.ok(probabilities[index]! > probabilities[index - 1]!);
  assert.equal(probabilities.at(-1), 20 / 21);
  assert.equal(throttle.shouldReject(), true);
});

test('counts a locally rejected request in requests', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0, minimumRequests: 1 });
  for (let request = 0; request < 4; request++) throttle.record(false);
  assert.equal(throttle.shouldReject(), true);
  assert.deepEqual(throttle.snapshot(), { requests: 5, accepts: 0, rejectProbability: 5 / 6 });
});

test('does not throttle below the minimum volume', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0 });
  for (let request = 0; request < 19; request++) throttle.record(false);
  assert.equal(throttle.rejectProbability(), 0);
  throttle.record(false);
  assert.equal(throttle.rejectProbability(), 20 / 21);
});

test('forgets failures older than the window', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ windowMs: 120_000, now: clock.now, random: () => 0 });
  for (let request = 0; request < 100; request++) throttle.record(false);
  clock.advance(60_000);
  throttle.record(true);
  assert.equal(throttle.snapshot().requests, 101);
  clock.advance(60_000);
  assert.deepEqual(throttle.snapshot(), { requests: 1, accepts: 1, rejectProbability: 0 });
  clock.advance(60_000);
  assert.deepEqual(throttle.snapshot(), { requests: 0, accepts: 0, rejectProbability: 0 });
});

test('forgets everything after a long pause', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0 });
  for (let request = 0; request < 100; request++) throttle.record(false);
  clock.advance(3_600_000);
  assert.equal(throttle.rejectProbability(), 0);
});

test('keeps counting when the clock goes back', () => {
  const clock = fakeClock();
  const throttle = createAdaptiveThrottle({ now: clock.now, random: () => 0 });
  throttle.record(false);
  clock.advance(-5000);
  throttle.record(false);
  assert.equal(throttle.snapshot().requests, 2);
});
