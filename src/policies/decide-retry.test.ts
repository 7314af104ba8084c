import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyOutcome } from './classify-outcome.ts';
import { decideRetry, type RetryInput, type RetryPlan } from './decide-retry.ts';

const now = Date.parse('2026-03-02T12:00:00Z');
const serverError = classifyOutcome({ type: 'response', status: 500, headers: {} }, now);
const rateLimited = classifyOutcome({ type: 'response', status: 429, headers: {} }, now);
const badRequest = classifyOutcome({ type: 'response', status: 400, headers: {} }, now);
const notFound = classifyOutcome({ type: 'response', status: 404, headers: {} }, now);
const streamBroken = classifyOutcome({ type: 'stream-broken' }, now);

function input(overrides: Partial<RetryInput>): RetryInput {
  return {
    decision: serverError,
    attemptsMade: 1,
    maxAttempts: 3,
    sameTargetRetriesMade: 0,
    maxSameTargetRetries: 1,
    remainingTargets: 0,
    retryAfterMs: undefined,
    remainingMs: 60_000,
    backoff: { baseMs: 500, capMs: 8000, maxRetryAfterMs: 60_000 },
    random: () => 0.5,
    budgetAllowsRetry: true,
    ...overrides,
  };
}

const rows: { name: string; input: Partial<RetryInput>; expected: RetryPlan }[] = [
  {
    name: 'stops on a final answer',
    input: { decision: badRequest, remainingTargets: 2 },
    expected: { action: 'stop', reason: 'final' },
  },
  {
    name: 'stops when the attempts are spent, even with targets left',
    input: { attemptsMade: 3, remainingTargets: 2 },
    expected: { action: 'stop', reason: 'attempts-exhausted' },
  },
  {
    name: 'stops when the deadline has passed',
    input: { remainingMs: 0, remainingTargets: 1 },
    expected: { action: 'stop', reason: 'deadline-exceeded' },
  },
  {
    name: 'fails over at once when another target remains',
    input: { remainingTargets: 1 },
    expected: { action: 'failover' },
  },
  {
    name: 'fails over even when the retry budget is spent',
    input: { remainingTargets: 1, budgetAllowsRetry: false },
    expected: { action: 'failover' },
  },
  {
    name: 'prefers failover over waiting for a rate limit',
    input: { decision: rateLimited, remainingTargets: 1, retryAfterMs: 2000 },
    expected: { action: 'failover' },
  },
  {
    name: 'retries the same target after backoff when it is the last one',
    input: {},
    expected: { action: 'retry-same', delayMs: 250 },
  },
  {
    name: 'waits for retry-after when it is longer than the backoff',
    input: { retryAfterMs: 3000 },
    expected: { action: 'retry-same', delayMs: 3000 },
  },
  {
    name: 'keeps the backoff when retry-after is shorter',
    input: { retryAfterMs: 100 },
    expected: { action: 'retry-same', delayMs: 250 },
  },
  {
    name: 'cuts retry-after to maxRetryAfterMs',
    input: { retryAfterMs: 600_000, remainingMs: 300_000 },
    expected: { action: 'retry-same', delayMs: 60_000 },
  },
  {
    name: 'waits for the cool-down of a 429 without a hint',
    input: { decision: rateLimited },
    expected: { action: 'retry-same', delayMs: 1000 },
  },
  {
    name: 'stops when the wait does not fit before the deadline',
    input: { retryAfterMs: 5000, remainingMs: 4000 },
    expected: { action: 'stop', reason: 'wait-exceeds-deadline' },
  },
  {
    name: 'stops after one retry on the same target',
    input: { sameTargetRetriesMade: 1, attemptsMade: 2 },
    expected: { action: 'stop', reason: 'same-target-retries-spent' },
  },
  {
    name: 'stops when the retry budget is spent',
    input: { budgetAllowsRetry: false },
    expected: { action: 'stop', reason: 'retry-budget-exhausted' },
  },
  {
    name: 'stops when the target may not be retried and none is left',
    input: { decision: notFound },
    expected: { action: 'stop', reason: 'no-target-left' },
  },
  {
    name: 'stops when neither retry nor failover is allowed',
    input: { decision: streamBroken, remainingTargets: 2 },
    expected: { action: 'stop', reason: 'not-retryable' },
  },
];

for (const row of rows) {
  test(row.name, () => {
    assert.deepEqual(decideRetry(input(row.input)), row.expected);
  });
}

test('grows the backoff with the retries already made on the target', () => {
  const plan = decideRetry(
    input({ sameTargetRetriesMade: 2, maxSameTargetRetries: 3, maxAttempts: 5, attemptsMade: 3 }),
  );
  assert.deepEqual(plan, { action: 'retry-same', delayMs: 1000 });
});
