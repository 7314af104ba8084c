import { fullJitterBackoffMs } from './backoff.ts';
import type { OutcomeDecision } from './classify-outcome.ts';

/** Everything the attempt loop knows after a failed attempt. */
export interface RetryInput {
  /** The classification of the attempt that just ended. */
  decision: OutcomeDecision;
  /** Upstream attempts made for this client request so far, the one that just ended included. */
  attemptsMade: number;
  /** Most upstream attempts per client request (A12.3: 3, hard cap 5). */
  maxAttempts: number;
  /** Retries already made on the target that just failed. */
  sameTargetRetriesMade: number;
  /** Most retries on one target before moving on (A12.3: 1). */
  maxSameTargetRetries: number;
  /** Untried targets of the plan that may take the request now. */
  remainingTargets: number;
  /** The upstream's wait hint (retry-after-ms, retry-after, rate-limit reset); undefined without one. */
  retryAfterMs: number | undefined;
  /** Time left until the client request's deadline. */
  remainingMs: number;
  /** Backoff settings of same-target retries. */
  backoff: {
    /** Ceiling of the first retry's wait (500). */
    baseMs: number;
    /** Largest backoff ceiling (8000). */
    capMs: number;
    /** Largest upstream wait hint honoured (60000); longer hints are cut to it. */
    maxRetryAfterMs: number;
  };
  /** Uniform source in [0, 1) for the backoff jitter. */
  random: () => number;
  /** Whether the target's retry budget still allows a retry (see createRetryBudget). */
  budgetAllowsRetry: boolean;
}

/** Why the attempt loop stops. */
export type RetryStopReason =
  | 'final'
  | 'attempts-exhausted'
  | 'deadline-exceeded'
  | 'not-retryable'
  | 'no-target-left'
  | 'same-target-retries-spent'
  | 'retry-budget-exhausted'
  | 'wait-exceeds-deadline';

/** What the attempt loop does next. */
export type RetryPlan =
  | { action: 'failover' }
  | { action: 'retry-same'; delayMs: number }
  | { action: 'stop'; reason: RetryStopReason };

/**
 * The attempt-loop decision after a failed attempt (wire-and-resilience A12.3). Failing over is immediate and
 * preferred whenever another target remains; a same-target retry waits `max(hint, backoff)` and happens only
 * within the retry budget and the deadline. Pure: randomness is injected.
 */
export function decideRetry(input: RetryInput): RetryPlan {
  const { decision } = input;
  if (decision.final) return { action: 'stop', reason: 'final' };
  if (input.attemptsMade >= input.maxAttempts) return { action: 'stop', reason: 'attempts-exhausted' };
  if (input.remainingMs <= 0) return { action: 'stop', reason: 'deadline-exceeded' };
  if (decision.failover && input.remainingTargets > 0) return { action: 'failover' };
  if (!decision.retrySameTarget) {
    return { action: 'stop', reason: decision.failover ? 'no-target-left' : 'not-retryable' };
  }
  if (input.sameTargetRetriesMade >= input.maxSameTargetRetries) {
    return { action: 'stop', reason: 'same-target-retries-spent' };
  }
  if (!input.budgetAllowsRetry) return { action: 'stop', reason: 'retry-budget-exhausted' };
  // A 429 without a hint still carries the classifier's cool-down; retrying before it ends would be wasted.
  const hintMs = input.retryAfterMs ?? decision.coolDownMs ?? 0;
  const backoffMs = fullJitterBackoffMs({
    attempt: input.sameTargetRetriesMade,
    baseMs: input.backoff.baseMs,
    capMs: input.backoff.capMs,
    random: input.random,
  });
  const delayMs = Math.max(Math.min(hintMs, input.backoff.maxRetryAfterMs), backoffMs);
  if (delayMs >= input.remainingMs) return { action: 'stop', reason: 'wait-exceeds-deadline' };
  return { action: 'retry-same', delayMs };
}
