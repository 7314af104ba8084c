import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRetryBudget } from './retry-budget.ts';

test('starts full and allows retries', () => {
  const budget = createRetryBudget();
  assert.deepEqual(budget.snapshot(), { tokens: 10, maxTokens: 10, allowsRetry: true });
});

test('refuses retries once five failures bring the bucket to half', () => {
  const budget = createRetryBudget();
  for (let failure = 0; failure < 4; failure++) budget.recordFailure();
  assert.equal(budget.allowsRetry(), true);
  budget.recordFailure();
  assert.equal(budget.snapshot().tokens, 5);
  assert.equal(budget.allowsRetry(), false);
});

test('allows retries again after enough successes', () => {
  const budget = createRetryBudget();
  for (let failure = 0; failure < 5; failure++) budget.recordFailure();
  budget.recordSuccess();
  assert.equal(budget.snapshot().tokens, 5.1);
  assert.equal(budget.allowsRetry(), true);
});

test('adds tenths without drift', () => {
  const budget = createRetryBudget();
  for (let failure = 0; failure < 10; failure++) budget.recordFailure();
  for (let success = 0; success < 30; success++) budget.recordSuccess();
  assert.equal(budget.snapshot().tokens, 3);
});

test('rejects a bucket without tokens', () => {
  assert.throws(() => createRetryBudget({ maxTokens: 0 }), RangeError);
});
