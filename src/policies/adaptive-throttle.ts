/** Settings of client-side adaptive throttling (Google SRE book, "Handling Overload"). */
export interface AdaptiveThrottleOptions {
  /** Length of the window requests and accepts are counted over (default 120000: the SRE book's 2 minutes). */
  windowMs?: number;
  /** Width of one bucket of the rolling window (default 1000). */
  bucketMs?: number;
  /** Accepts multiplier: the upstream may reject about k − 1 requests per accepted one before throttling (default 2). */
  k?: number;
  /** Requests in the window before any throttling (default 20): a few failures are no evidence of overload. */
  minimumRequests?: number;
  /** Clock in ms. */
  now: () => number;
  /** Uniform source in [0, 1). */
  random: () => number;
}

/** The throttle's state, as JSON for the admin API. */
export interface AdaptiveThrottleSnapshot {
  /** Requests counted in the window, locally rejected ones included. */
  requests: number;
  /** Requests the upstream accepted in the window. */
  accepts: number;
  /** Current probability of rejecting a request locally. */
  rejectProbability: number;
}

/** A per-target throttle that sheds load locally while the upstream rejects most of it. */
export interface AdaptiveThrottle {
  /** `max(0, (requests − k·accepts) / (requests + 1))` over the window. */
  rejectProbability(): number;
  /** Draws whether to reject this request locally; a rejected request is counted in requests, as the SRE book says. */
  shouldReject(): boolean;
  /** Counts a request that was sent upstream, and whether the upstream accepted it (not overloaded or rate limited). */
  record(accepted: boolean): void;
  /** The current counts. */
  snapshot(): AdaptiveThrottleSnapshot;
}

/** The SRE book's values; also the A12.3 proposal. */
export const defaultAdaptiveThrottle = { windowMs: 120_000, bucketMs: 1000, k: 2, minimumRequests: 20 } as const;

/**
 * Creates an adaptive throttle. Counts live in a fixed ring of buckets, so memory stays constant whatever the
 * traffic; buckets older than the window are cleared as the clock moves on.
 */
export function createAdaptiveThrottle(options: AdaptiveThrottleOptions): AdaptiveThrottle {
  const windowMs = options.windowMs ?? defaultAdaptiveThrottle.windowMs;
  const bucketMs = options.bucketMs ?? defaultAdaptiveThrottle.bucketMs;
  const k = options.k ?? defaultAdaptiveThrottle.k;
  const minimumRequests = options.minimumRequests ?? defaultAdaptiveThrottle.minimumRequests;
  const { now, random } = options;
  const bucketCount = Math.max(1, Math.ceil(windowMs / bucketMs));
  const requests = new Array<number>(bucketCount).fill(0);
  const accepts = new Array<number>(bucketCount).fill(0);
  let totalRequests = 0;
  let totalAccepts = 0;
  let currentEpoch = Math.floor(now() / bucketMs);

  // Moves the ring to the current bucket, clearing every bucket the clock skipped. A clock that goes back keeps
  // writing into the newest bucket.
  function advance(): number {
    const epoch = Math.floor(now() / bucketMs);
    if (epoch <= currentEpoch) return ((currentEpoch % bucketCount) + bucketCount) % bucketCount;
    const steps = Math.min(epoch - currentEpoch, bucketCount);
    for (let step = 1; step <= steps; step++) {
      const slot = (((currentEpoch + step) % bucketCount) + bucketCount) % bucketCount;
      totalRequests -= requests[slot]!;
      totalAccepts -= accepts[slot]!;
      requests[slot] = 0;
      accepts[slot] = 0;
    }
    currentEpoch = epoch;
    return ((epoch % bucketCount) + bucketCount) % bucketCount;
  }

  function count(accepted: boolean): void {
    const slot = advance();
    requests[slot]!++;
    totalRequests++;
    if (accepted) {
      accepts[slot]!++;
      totalAccepts++;
    }
  }

  function rejectProbability(): number {
    advance();
    if (totalRequests < minimumRequests) return 0;
    return Math.max(0, (totalRequests - k * totalAccepts) / (totalRequests + 1));
  }

  return {
    rejectProbability,
    shouldReject() {
      const reject = random() < rejectProbability();
      if (reject) count(false);
      return reject;
    },
    record: count,
    snapshot() {
      const probability = rejectProbability();
      return { requests: totalRequests, accepts: totalAccepts, rejectProbability: probability };
    },
  };
}
