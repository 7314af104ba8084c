import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRetryBudget } from './retry-budget.ts';

const optionsArbitrary = fc.record({
  maxTokens: fc.integer({ min: 1, max: 100 }),
  tokenRatio: fc.integer({ min: 1, max: 3000 }).map((thousandths) => thousandths / 1000),
});

test('keeps tokens within [0, maxTokens] and allows retries only above half', () => {
  fc.assert(
    fc.property(optionsArbitrary, fc.array(fc.boolean(), { maxLength: 300 }), (options, outcomes) => {
      const budget = createRetryBudget(options);
      for (const success of outcomes) {
        if (success) budget.recordSuccess();
        else budget.recordFailure();
        const { tokens, allowsRetry } = budget.snapshot();
        assert.ok(tokens >= 0 && tokens <= options.maxTokens);
        assert.equal(allowsRetry, tokens > options.maxTokens / 2);
        assert.equal(budget.allowsRetry(), allowsRetry);
      }
    }),
  );
});

test('refuses retries after a long run of failures', () => {
  fc.assert(
    fc.property(optionsArbitrary, fc.array(fc.boolean(), { maxLength: 100 }), (options, history) => {
      const budget = createRetryBudget(options);
      for (const success of history) {
        if (success) budget.recordSuccess();
        else budget.recordFailure();
      }
      for (let failure = 0; failure < Math.ceil(options.maxTokens / 2) + 1; failure++) budget.recordFailure();
      assert.equal(budget.allowsRetry(), false);
    }),
  );
});
