/** Where a breaker is: closed (traffic flows), open (none), half-open (a few probes decide). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** A permit to send one attempt: a normal one, or one of the few probes of a half-open breaker. */
export type BreakerPermit = 'allowed' | 'probe';

/** A change of state, returned to the caller so that it publishes the event (`breaker-open`...). */
export interface BreakerTransition {
  /** State before. */
  from: BreakerState;
  /** State after. */
  to: BreakerState;
}

/** Settings of a circuit breaker (wire-and-resilience A12.4); every field has a default. */
export interface CircuitBreakerOptions {
  /** Opens after this many failures in a row (default 5, Envoy `consecutive_5xx`). */
  consecutiveFailures?: number;
  /** Opens when failures / calls in the window reach this share (default 0.5, resilience4j's `>=`). */
  failureRateThreshold?: number;
  /** No failure rate is computed below this many calls in the window (default 20). */
  minimumCalls?: number;
  /** Length of the rolling window of the failure rate (default 60000). */
  windowMs?: number;
  /** Width of one bucket of the rolling window (default 1000). */
  bucketMs?: number;
  /** Open time of a first opening; the n-th consecutive opening stays open n times as long (default 30000). */
  baseOpenMs?: number;
  /** Longest open time before jitter (default 300000). */
  maxOpenMs?: number;
  /** Open time is multiplied by a uniform factor in [1 − openJitter, 1 + openJitter] (default 0.1). */
  openJitter?: number;
  /** Probes handed out while half-open; as many successes close, one failure re-opens (default 1). */
  halfOpenProbes?: number;
  /** Each interval spent closed lowers the count of consecutive openings by one (default 60000). */
  healthyIntervalMs?: number;
  /** A success slower than this counts as a failure for the failure rate (default undefined: off). */
  slowCallMs?: number | undefined;
  /** Clock in ms. */
  now: () => number;
  /** Uniform source in [0, 1) for the open-time jitter. */
  random: () => number;
}

/** The breaker's state as JSON, for `GET /admin/api/targets`. */
export interface CircuitBreakerSnapshot {
  /** Current state. */
  state: BreakerState;
  /** When the breaker last opened; absent while closed. */
  openedAt?: number | undefined;
  /** When the open state ends; absent while closed and when an operator holds it open. */
  openUntil?: number | undefined;
  /** Failures in a row. */
  consecutiveFailures: number;
  /** Calls counted in the rolling window. */
  windowCalls: number;
  /** Failures (and slow calls) in the rolling window. */
  windowFailures: number;
  /** Consecutive openings, which lengthen the next open time; decays while closed. */
  openings: number;
  /** When the last failure was recorded. */
  lastFailureAt?: number | undefined;
  /** Probe permits handed out and not yet returned. */
  probesInFlight: number;
  /** An operator holds the breaker open until reset. */
  forced: boolean;
}

/** What a caller passes back with an outcome. */
export interface BreakerOutcome {
  /** The permit tryAcquire gave for this attempt; inferred when omitted (a probe if one is out while half-open). */
  permit?: BreakerPermit | undefined;
  /** How long the attempt took until the measure the caller chose (time to first byte for LLM calls). */
  latencyMs?: number | undefined;
}

/** A per-target circuit breaker. Emits nothing: transitions are returned. */
export interface CircuitBreaker {
  /** Takes a permit: `allowed` while closed, `probe` for the first halfOpenProbes callers while half-open, else `rejected` (fail over; nobody waits). */
  tryAcquire(): BreakerPermit | 'rejected';
  /** What tryAcquire would answer now, without taking a permit. */
  peek(): BreakerPermit | 'rejected';
  /** The attempt succeeded. A probe success (the halfOpenProbes-th) closes the breaker. */
  recordSuccess(outcome?: BreakerOutcome): BreakerTransition | undefined;
  /** The attempt failed in a way that counts against the target. May open or re-open the breaker. */
  recordFailure(outcome?: Pick<BreakerOutcome, 'permit'>): BreakerTransition | undefined;
  /** Returns a permit whose outcome does not count (a client 400, a 429): neither success nor failure. */
  release(permit?: BreakerPermit): void;
  /** Current state; an elapsed open time turns into half-open here. */
  state(): BreakerState;
  /** Current state as JSON. */
  snapshot(): CircuitBreakerSnapshot;
  /** Operator action: holds the breaker open until reset. */
  forceOpen(): BreakerTransition | undefined;
  /** Operator action: closes the breaker and forgets counts and openings. */
  reset(): BreakerTransition | undefined;
}

/** The defaults of A12.4. */
export const defaultCircuitBreaker = {
  consecutiveFailures: 5,
  failureRateThreshold: 0.5,
  minimumCalls: 20,
  windowMs: 60_000,
  bucketMs: 1000,
  baseOpenMs: 30_000,
  maxOpenMs: 300_000,
  openJitter: 0.1,
  halfOpenProbes: 1,
  healthyIntervalMs: 60_000,
} as const;

/**
 * Creates a circuit breaker that trips on consecutive failures or on a failure rate over a bucketed time window,
 * stays open `base × consecutive openings` (capped, jittered), then lets a few probes decide. Callers that find it
 * open or out of probes are rejected at once, never queued: a 60 s LLM probe must not hold other requests.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const settings = {
    consecutiveFailures: options.consecutiveFailures ?? defaultCircuitBreaker.consecutiveFailures,
    failureRateThreshold: options.failureRateThreshold ?? defaultCircuitBreaker.failureRateThreshold,
    minimumCalls: options.minimumCalls ?? defaultCircuitBreaker.minimumCalls,
    bucketMs: options.bucketMs ?? defaultCircuitBreaker.bucketMs,
    baseOpenMs: options.baseOpenMs ?? defaultCircuitBreaker.baseOpenMs,
    maxOpenMs: options.maxOpenMs ?? defaultCircuitBreaker.maxOpenMs,
    openJitter: options.openJitter ?? defaultCircuitBreaker.openJitter,
    halfOpenProbes: Math.max(1, options.halfOpenProbes ?? defaultCircuitBreaker.halfOpenProbes),
    healthyIntervalMs: options.healthyIntervalMs ?? defaultCircuitBreaker.healthyIntervalMs,
  };
  const { now, random, slowCallMs } = options;
  const windowMs = options.windowMs ?? defaultCircuitBreaker.windowMs;
  const bucketCount = Math.max(1, Math.ceil(windowMs / settings.bucketMs));
  const calls = new Array<number>(bucketCount).fill(0);
  const failures = new Array<number>(bucketCount).fill(0);
  let windowCalls = 0;
  let windowFailures = 0;
  let windowEpoch = Math.floor(now() / settings.bucketMs);

  let current: BreakerState = 'closed';
  let forced = false;
  let openedAt: number | undefined;
  let openUntil: number | undefined;
  let consecutive = 0;
  let openings = 0;
  let healthySinceMs = now();
  let lastFailureAt: number | undefined;
  let probesInFlight = 0;
  let probeSuccesses = 0;

  function slotOf(epoch: number): number {
    return ((epoch % bucketCount) + bucketCount) % bucketCount;
  }

  // Moves the window to the current bucket, clearing the buckets the clock skipped.
  function roll(nowMs: number): void {
    const epoch = Math.floor(nowMs / settings.bucketMs);
    if (epoch > windowEpoch) {
      const steps = Math.min(epoch - windowEpoch, bucketCount);
      for (let step = 1; step <= steps; step++) {
        const slot = slotOf(windowEpoch + step);
        windowCalls -= calls[slot]!;
        windowFailures -= failures[slot]!;
        calls[slot] = 0;
        failures[slot] = 0;
      }
      windowEpoch = epoch;
    }
  }

  function count(nowMs: number, failed: boolean): void {
    roll(nowMs);
    const slot = slotOf(windowEpoch);
    calls[slot]!++;
    windowCalls++;
    if (failed) {
      failures[slot]!++;
      windowFailures++;
    }
  }

  function clearCounts(): void {
    calls.fill(0);
    failures.fill(0);
    windowCalls = 0;
    windowFailures = 0;
    consecutive = 0;
  }

  // Lazy time-driven changes: open → half-open when the open time is up; openings decay while closed.
  function advance(nowMs: number): void {
    if (current === 'open' && !forced && openUntil !== undefined && nowMs >= openUntil) {
      current = 'half-open';
      probeSuccesses = 0;
    }
    if (current === 'closed' && openings > 0) {
      const intervals = Math.floor((nowMs - healthySinceMs) / settings.healthyIntervalMs);
      if (intervals > 0) {
        openings = Math.max(0, openings - intervals);
        healthySinceMs += intervals * settings.healthyIntervalMs;
      }
    }
  }

  function open(nowMs: number): BreakerTransition {
    const from = current;
    openings++;
    const durationMs = Math.min(settings.maxOpenMs, settings.baseOpenMs * openings);
    const factor = 1 + settings.openJitter * (2 * random() - 1);
    current = 'open';
    openedAt = nowMs;
    openUntil = nowMs + Math.round(durationMs * factor);
    probeSuccesses = 0;
    return { from, to: 'open' };
  }

  function close(nowMs: number): BreakerTransition {
    const from = current;
    current = 'closed';
    forced = false;
    openedAt = undefined;
    openUntil = undefined;
    healthySinceMs = nowMs;
    probeSuccesses = 0;
    clearCounts();
    return { from, to: 'closed' };
  }

  function shouldTrip(): boolean {
    if (consecutive >= settings.consecutiveFailures) return true;
    return windowCalls >= settings.minimumCalls && windowFailures >= settings.failureRateThreshold * windowCalls;
  }

  // Without an explicit permit, an outcome while half-open with a probe out is taken to be that probe's.
  function resolve(permit: BreakerPermit | undefined): BreakerPermit {
    return permit ?? (current === 'half-open' && probesInFlight > 0 ? 'probe' : 'allowed');
  }

  function returnProbe(): void {
    probesInFlight = Math.max(0, probesInFlight - 1);
  }

  function peek(): BreakerPermit | 'rejected' {
    advance(now());
    if (current === 'closed') return 'allowed';
    if (current === 'half-open' && probesInFlight < settings.halfOpenProbes) return 'probe';
    return 'rejected';
  }

  return {
    tryAcquire() {
      const answer = peek();
      if (answer === 'probe') probesInFlight++;
      return answer;
    },
    peek,
    recordSuccess(outcome = {}) {
      const nowMs = now();
      advance(nowMs);
      const permit = resolve(outcome.permit);
      if (permit === 'probe') {
        returnProbe();
        if (current === 'half-open') {
          probeSuccesses++;
          return probeSuccesses >= settings.halfOpenProbes ? close(nowMs) : undefined;
        }
      }
      // Outcomes of attempts that started before the breaker opened do not move an open or half-open breaker.
      if (current !== 'closed') return undefined;
      const slow = slowCallMs !== undefined && outcome.latencyMs !== undefined && outcome.latencyMs >= slowCallMs;
      consecutive = 0;
      count(nowMs, slow);
      return slow && shouldTrip() ? open(nowMs) : undefined;
    },
    recordFailure(outcome = {}) {
      const nowMs = now();
      advance(nowMs);
      lastFailureAt = nowMs;
      const permit = resolve(outcome.permit);
      if (permit === 'probe') {
        returnProbe();
        if (current === 'half-open') return open(nowMs);
      }
      if (current !== 'closed') return undefined;
      consecutive++;
      count(nowMs, true);
      return shouldTrip() ? open(nowMs) : undefined;
    },
    release(permit) {
      advance(now());
      if (resolve(permit) === 'probe') returnProbe();
    },
    state() {
      advance(now());
      return current;
    },
    snapshot() {
      const nowMs = now();
      advance(nowMs);
      roll(nowMs);
      const snapshot: CircuitBreakerSnapshot = {
        state: current,
        consecutiveFailures: consecutive,
        windowCalls,
        windowFailures,
        openings,
        probesInFlight,
        forced,
      };
      if (openedAt !== undefined) snapshot.openedAt = openedAt;
      if (openUntil !== undefined) snapshot.openUntil = openUntil;
      if (lastFailureAt !== undefined) snapshot.lastFailureAt = lastFailureAt;
      return snapshot;
    },
    forceOpen() {
      const nowMs = now();
      advance(nowMs);
      const from = current;
      current = 'open';
      forced = true;
      openedAt = nowMs;
      openUntil = undefined;
      return from === 'open' ? undefined : { from, to: 'open' };
    },
    reset() {
      const nowMs = now();
      advance(nowMs);
      const wasClosed = current === 'closed';
      const transition = close(nowMs);
      openings = 0;
      return wasClosed ? undefined : transition;
    },
  };
}
