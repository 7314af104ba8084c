/** Settings of a retry budget (gRPC retry throttling, gRFC A6). */
export interface RetryBudgetOptions {
  /** Size of the bucket; it starts full (default 10). Retries are allowed while tokens > maxTokens / 2. */
  maxTokens?: number;
  /** Tokens a success gives back, with up to 3 decimals (default 0.1: retries stop when failures exceed ~10 %). */
  tokenRatio?: number;
}

/** The budget's state, as JSON for the admin API. */
export interface RetryBudgetSnapshot {
  /** Tokens left, in [0, maxTokens]. */
  tokens: number;
  /** Size of the bucket. */
  maxTokens: number;
  /** Whether a retry or hedge would be allowed now. */
  allowsRetry: boolean;
}

/** A per-target token bucket that stops retries and hedges while the target mostly fails. */
export interface RetryBudget {
  /** An attempt succeeded: gives back tokenRatio tokens, up to maxTokens. */
  recordSuccess(): void;
  /** An attempt failed with a retryable or failover outcome: costs one token, down to zero. */
  recordFailure(): void;
  /** Whether a retry or a hedge may be sent now: tokens > maxTokens / 2. */
  allowsRetry(): boolean;
  /** The current state. */
  snapshot(): RetryBudgetSnapshot;
}

/** Defaults of gRFC A6's example, also the A12.3 proposal. */
export const defaultRetryBudget = { maxTokens: 10, tokenRatio: 0.1 } as const;

const milli = 1000;

/**
 * Creates a retry budget per gRFC A6 "retry throttling": failures cost 1 token, successes give back tokenRatio,
 * retries and hedges are allowed only above half the bucket. Throttled retries are not queued: the caller fails
 * over or fails at once.
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const maxTokens = options.maxTokens ?? defaultRetryBudget.maxTokens;
  const tokenRatio = options.tokenRatio ?? defaultRetryBudget.tokenRatio;
  if (!(maxTokens > 0)) throw new RangeError('maxTokens must be > 0');
  if (!(tokenRatio > 0)) throw new RangeError('tokenRatio must be > 0');
  // Integer thousandths, as gRPC does, so repeated 0.1 steps do not drift.
  const maxMilli = Math.round(maxTokens * milli);
  const ratioMilli = Math.max(1, Math.round(tokenRatio * milli));
  let tokensMilli = maxMilli;
  const allowsRetry = (): boolean => tokensMilli * 2 > maxMilli;
  return {
    recordSuccess() {
      tokensMilli = Math.min(maxMilli, tokensMilli + ratioMilli);
    },
    recordFailure() {
      tokensMilli = Math.max(0, tokensMilli - milli);
    },
    allowsRetry,
    snapshot() {
      return { tokens: tokensMilli / milli, maxTokens, allowsRetry: allowsRetry() };
    },
  };
}
