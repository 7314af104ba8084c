import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decideJobRetry, jobBackoff } from './decide-job-retry.ts';

const base = {
  retryable: true,
  attempts: 1,
  maxAttempts: 5,
  nowMs: 10_000,
  deadlineAtMs: 1_000_000,
  random: () => 0.5,
};

test('retries a retryable failure after half the first ceiling with random 0.5', () => {
  assert.deepEqual(decideJobRetry(base), { action: 'retry', atMs: 10_500 });
});

test('the ceiling doubles with each attempt up to 60 s', () => {
  const waits = [1, 2, 3, 8, 20].map((attempts) => {
    const decision = decideJobRetry({ ...base, attempts, maxAttempts: 100, random: () => 0.999_999 });
    assert.equal(decision.action, 'retry');
    return (decision as { atMs: number }).atMs - base.nowMs;
  });
  assert.deepEqual(waits, [999, 1999, 3999, 59_999, 59_999]);
});

test('fails at once when the failure is the request’s own fault', () => {
  assert.deepEqual(decideJobRetry({ ...base, retryable: false }), { action: 'fail', reason: 'not-retryable' });
});

test('fails when the attempts are spent', () => {
  assert.deepEqual(decideJobRetry({ ...base, attempts: 5 }), { action: 'fail', reason: 'attempts-spent' });
});

test('fails when the next try would land past the deadline', () => {
  assert.deepEqual(decideJobRetry({ ...base, deadlineAtMs: 10_400 }), { action: 'fail', reason: 'deadline' });
});

test('waits at least the upstream retry-after', () => {
  assert.deepEqual(decideJobRetry({ ...base, retryAfterMs: 7000 }), { action: 'retry', atMs: 17_000 });
});

test('a retry is always after now, before the deadline and within the backoff cap or retry-after', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 120_000 }),
      fc.double({ min: 0, max: 0.999_999, noNaN: true }),
      fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      (attempts, slackMs, draw, retryAfterMs) => {
        const decision = decideJobRetry({
          ...base,
          attempts,
          maxAttempts: 60,
          deadlineAtMs: base.nowMs + slackMs,
          retryAfterMs,
          random: () => draw,
        });
        if (decision.action === 'fail') return attempts >= 60 || decision.reason === 'deadline';
        return (
          decision.atMs >= base.nowMs &&
          decision.atMs < base.nowMs + slackMs &&
          decision.atMs - base.nowMs <= Math.max(jobBackoff.capMs, retryAfterMs ?? 0)
        );
      },
    ),
  );
});
