import { fullJitterBackoffMs } from '../policies/backoff.ts';

/** Backoff between two dispatches of a job: full jitter from 1 s, doubling, at most 60 s. */
export const jobBackoff = { baseMs: 1000, capMs: 60_000 } as const;

/** What decideJobRetry needs. */
export interface JobRetryInput {
  /** True when waiting may help (upstream 5xx, 429, timeouts, no healthy target); false for the request's own fault. */
  retryable: boolean;
  /** Dispatches made so far, the failed one included. */
  attempts: number;
  /** Most dispatches allowed. */
  maxAttempts: number;
  /** Clock (epoch ms). */
  nowMs: number;
  /** The job's deadline (epoch ms). */
  deadlineAtMs: number;
  /** Upstream `retry-after` in ms, when it gave one: the wait is at least that. */
  retryAfterMs?: number | undefined;
  /** Uniform source in [0, 1) for the jitter. */
  random: () => number;
}

/** Try again at `atMs`, or give up and say why. */
export type JobRetryDecision =
  | { action: 'retry'; atMs: number }
  | { action: 'fail'; reason: 'not-retryable' | 'attempts-spent' | 'deadline' };

/**
 * After a failed dispatch: retry after a full-jitter backoff (never sooner than retry-after), or fail when the error
 * is final, the attempts are spent, or the next try would land past the deadline.
 */
export function decideJobRetry(input: JobRetryInput): JobRetryDecision {
  if (!input.retryable) return { action: 'fail', reason: 'not-retryable' };
  if (input.attempts >= input.maxAttempts) return { action: 'fail', reason: 'attempts-spent' };
  const backoffMs = fullJitterBackoffMs({
    attempt: Math.max(0, input.attempts - 1),
    ...jobBackoff,
    random: input.random,
  });
  const atMs = input.nowMs + Math.max(backoffMs, input.retryAfterMs ?? 0);
  if (atMs >= input.deadlineAtMs) return { action: 'fail', reason: 'deadline' };
  return { action: 'retry', atMs };
}
