import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { OutcomeDecision } from './classify-outcome.ts';
import { decideRetry } from './decide-retry.ts';

const decisionArbitrary: fc.Arbitrary<OutcomeDecision> = fc.record({
  final: fc.boolean(),
  retrySameTarget: fc.boolean(),
  failover: fc.boolean(),
  breakerFailure: fc.boolean(),
  coolDownMs: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
  disableTarget: fc.boolean(),
  reason: fc.constant('generated'),
});

const scenarioArbitrary = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 5 }),
  maxSameTargetRetries: fc.integer({ min: 0, max: 3 }),
  targets: fc.integer({ min: 1, max: 6 }),
  deadlineMs: fc.integer({ min: 0, max: 120_000 }),
  attemptMs: fc.integer({ min: 0, max: 30_000 }),
  decisions: fc.array(decisionArbitrary, { minLength: 1, maxLength: 20 }),
  retryAfterMs: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
  budget: fc.boolean(),
  draw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

test('never makes more than maxAttempts attempts and never waits past the deadline', () => {
  fc.assert(
    fc.property(scenarioArbitrary, (scenario) => {
      let attemptsMade = 0;
      let elapsedMs = 0;
      let target = 0;
      let sameTargetRetriesMade = 0;
      for (let step = 0; step < 50; step++) {
        attemptsMade++;
        elapsedMs += scenario.attemptMs;
        const decision = scenario.decisions[step % scenario.decisions.length]!;
        const remainingMs = scenario.deadlineMs - elapsedMs;
        const plan = decideRetry({
          decision,
          attemptsMade,
          maxAttempts: scenario.maxAttempts,
          sameTargetRetriesMade,
          maxSameTargetRetries: scenario.maxSameTargetRetries,
          remainingTargets: scenario.targets - target - 1,
          retryAfterMs: scenario.retryAfterMs,
          remainingMs,
          backoff: { baseMs: 500, capMs: 8000, maxRetryAfterMs: 60_000 },
          random: () => scenario.draw,
          budgetAllowsRetry: scenario.budget,
        });
        if (plan.action === 'stop') break;
        assert.ok(attemptsMade < scenario.maxAttempts, 'another attempt is only planned below maxAttempts');
        if (plan.action === 'failover') {
          assert.ok(target + 1 < scenario.targets);
          target++;
          sameTargetRetriesMade = 0;
        } else {
          assert.ok(plan.delayMs >= 0);
          assert.ok(plan.delayMs < remainingMs, 'the wait fits before the deadline');
          assert.ok(sameTargetRetriesMade < scenario.maxSameTargetRetries);
          assert.ok(scenario.budget);
          elapsedMs += plan.delayMs;
          sameTargetRetriesMade++;
        }
      }
      assert.ok(attemptsMade <= scenario.maxAttempts);
    }),
  );
});
