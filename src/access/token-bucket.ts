/** A token bucket's shape: it holds at most `capacity` tokens and gains `capacity` per `periodMs`. */
export interface BucketRule {
  /** Most tokens the bucket holds (the burst), e.g. the RPM or TPM of a key. */
  capacity: number;
  /** Time to refill from empty to full, ms (60 000 for a per-minute limit). */
  periodMs: number;
}

/** A bucket's level at a time. May be negative: a request that used more than it was charged leaves a debt. */
export interface BucketState {
  /** Tokens available. */
  tokens: number;
  /** When `tokens` was computed, epoch ms. */
  updatedMs: number;
}

/** The result of asking a bucket for tokens. */
export interface BucketTake {
  /** True when the tokens were taken. */
  allowed: boolean;
  /** The bucket after the take (refilled up to now, and charged when allowed). */
  state: BucketState;
  /** When refused, how long until the same take would be allowed, ms; 0 when allowed. */
  retryAfterMs: number;
}

/** A full bucket at `nowMs`. */
export function createBucketState(rule: BucketRule, nowMs: number): BucketState {
  return { tokens: rule.capacity, updatedMs: nowMs };
}

/** The bucket's level at `nowMs`: what it had plus the refill since, never above capacity. */
export function refillBucket(state: BucketState, rule: BucketRule, nowMs: number): BucketState {
  const elapsedMs = Math.max(0, nowMs - state.updatedMs);
  const tokens = Math.min(rule.capacity, state.tokens + (elapsedMs * rule.capacity) / rule.periodMs);
  return { tokens, updatedMs: Math.max(nowMs, state.updatedMs) };
}

/**
 * Takes `amount` tokens when the bucket holds them. A take larger than the capacity is allowed from a full bucket
 * (it could never pass otherwise) and leaves the bucket in debt, which later takes wait out.
 */
export function takeFromBucket(options: {
  state: BucketState;
  rule: BucketRule;
  amount: number;
  nowMs: number;
}): BucketTake {
  const { rule, amount, nowMs } = options;
  const state = refillBucket(options.state, rule, nowMs);
  const needed = Math.min(amount, rule.capacity);
  // The tolerance absorbs floating-point loss in the refill, so waiting the advertised retry-after always suffices.
  if (state.tokens >= needed - 1e-6) {
    return { allowed: true, state: { tokens: state.tokens - amount, updatedMs: state.updatedMs }, retryAfterMs: 0 };
  }
  const retryAfterMs = Math.ceil(((needed - state.tokens) * rule.periodMs) / rule.capacity);
  return { allowed: false, state, retryAfterMs: Math.max(1, retryAfterMs) };
}

/**
 * Settles a charge after the fact: `delta` more tokens taken (negative gives tokens back, e.g. when a request used
 * fewer tokens than estimated). Never above capacity.
 */
export function adjustBucket(state: BucketState, rule: BucketRule, delta: number): BucketState {
  return { tokens: Math.min(rule.capacity, state.tokens - delta), updatedMs: state.updatedMs };
}
