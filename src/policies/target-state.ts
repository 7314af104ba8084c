import { createBulkhead } from './bulkhead.ts';
import {
  type BreakerPermit,
  type BreakerTransition,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitBreakerSnapshot,
  createCircuitBreaker,
} from './circuit-breaker.ts';
import type { OutcomeDecision } from './classify-outcome.ts';

/** Whether a target may take an attempt now, and if not, why. */
export type TargetAvailability = 'available' | 'probe' | 'open' | 'cooling-down' | 'disabled' | 'saturated';

/** Settings of one target's health record. */
export interface TargetStateOptions {
  /** Clock in ms. */
  now: () => number;
  /** Uniform source in [0, 1), for the breaker's jitter. */
  random: () => number;
  /** Breaker settings (defaults: createCircuitBreaker's). */
  breaker?: Omit<CircuitBreakerOptions, 'now' | 'random'> | undefined;
  /** Most attempts in flight on this target (default Infinity: no bulkhead). */
  maxConcurrent?: number | undefined;
  /** How long a quota or credential failure takes the target out (default 600000: 10 minutes). */
  disableMs?: number | undefined;
  /** Weight of the newest sample in the latency averages, in (0, 1] (default 0.2). */
  latencySmoothing?: number | undefined;
  /** Time-to-first-byte samples kept for the p95 (default 64). */
  ttfbSampleSize?: number | undefined;
}

/** How an attempt ended, as the attempt loop reports it. */
export interface AttemptResult {
  /** The permit onAttemptStart returned for this attempt. */
  permit: BreakerPermit;
  /** The classification of the outcome. */
  decision: OutcomeDecision;
  /** Duration of the attempt until its answer was complete (or failed). */
  latencyMs?: number | undefined;
  /** Time until the response headers (or the first stream event) arrived. */
  ttfbMs?: number | undefined;
}

/** One target's health as JSON, for the admin API and for orderTargets. */
export interface TargetSnapshot {
  /** Whether it may take an attempt now. */
  availability: TargetAvailability;
  /** Attempts in flight. */
  outstanding: number;
  /** Moving average of successful attempts' duration; absent before the first. */
  ewmaLatencyMs?: number | undefined;
  /** Moving average of successful attempts' time to first byte; absent before the first. */
  ewmaTtfbMs?: number | undefined;
  /** 95th percentile of the last time-to-first-byte samples; absent before the first. */
  p95TtfbMs?: number | undefined;
  /** Last breaker failure, cool-down or disabling. */
  lastFailureAt?: number | undefined;
  /** End of the rate-limit cool-down, while there is one. */
  coolDownUntil?: number | undefined;
  /** End of the disabling, while there is one. */
  disabledUntil?: number | undefined;
  /** The circuit breaker's own state. */
  breaker: CircuitBreakerSnapshot;
}

/** One target's health: breaker, rate-limit cool-down, disabling, concurrency and latency. */
export interface TargetState {
  /** Whether the target may take an attempt now (nothing is taken). */
  availability(): TargetAvailability;
  /** Takes a bulkhead slot and a breaker permit; `rejected` means fail over. `lastResort` ignores breaker, cool-down and disabling (A12.4 "never all open"), not the bulkhead. */
  onAttemptStart(options?: { lastResort?: boolean }): BreakerPermit | 'rejected';
  /** Applies an attempt's classification and returns the breaker's transition, for the caller to publish. */
  onAttemptEnd(result: AttemptResult): BreakerTransition | undefined;
  /** 95th percentile of recent successful times to first byte (the hedging delay, A12.6); undefined before any. */
  p95TtfbMs(): number | undefined;
  /** Operator action: takes the target back into service before its disabling ends. */
  clearDisabled(): void;
  /** The breaker, for the operator actions forceOpen and reset. */
  readonly breaker: CircuitBreaker;
  /** The current state as JSON. */
  snapshot(): TargetSnapshot;
}

/** Defaults of the target record. */
export const defaultTargetState = { disableMs: 600_000, latencySmoothing: 0.2, ttfbSampleSize: 64 } as const;

/**
 * Creates a target's health record. A rate limit is a cool-down, not a breaker failure (A12.2); a quota or
 * credential failure disables the target; only a success clears a disabling early (or an operator).
 */
export function createTargetState(options: TargetStateOptions): TargetState {
  const { now } = options;
  const disableMs = options.disableMs ?? defaultTargetState.disableMs;
  const smoothing = options.latencySmoothing ?? defaultTargetState.latencySmoothing;
  const sampleSize = Math.max(1, options.ttfbSampleSize ?? defaultTargetState.ttfbSampleSize);
  const breaker = createCircuitBreaker({ ...options.breaker, now, random: options.random });
  const bulkhead = createBulkhead({ limit: options.maxConcurrent ?? Number.POSITIVE_INFINITY });
  let coolDownUntil: number | undefined;
  let disabledUntil: number | undefined;
  let lastFailureAt: number | undefined;
  let lastBreakerFailureAt: number | undefined;
  let ewmaLatencyMs: number | undefined;
  let ewmaTtfbMs: number | undefined;
  const ttfbSamples: number[] = [];
  let nextSample = 0;
  let p95Cache: number | undefined;

  function availability(): TargetAvailability {
    const nowMs = now();
    if (disabledUntil !== undefined && nowMs < disabledUntil) return 'disabled';
    const permit = breaker.peek();
    if (permit === 'rejected') return 'open';
    if (coolDownUntil !== undefined && nowMs < coolDownUntil) return 'cooling-down';
    if (bulkhead.inFlight() >= bulkhead.limit) return 'saturated';
    return permit === 'probe' ? 'probe' : 'available';
  }

  function smooth(average: number | undefined, sample: number): number {
    return average === undefined ? sample : average + smoothing * (sample - average);
  }

  function addTtfbSample(sampleMs: number): void {
    ttfbSamples[nextSample] = sampleMs;
    nextSample = (nextSample + 1) % sampleSize;
    p95Cache = undefined;
  }

  function p95TtfbMs(): number | undefined {
    if (ttfbSamples.length === 0) return undefined;
    if (p95Cache === undefined) {
      const sorted = [...ttfbSamples].sort((left, right) => left - right);
      p95Cache = sorted[Math.ceil(sorted.length * 0.95) - 1]!;
    }
    return p95Cache;
  }

  return {
    availability,
    onAttemptStart(startOptions = {}) {
      const lastResort = startOptions.lastResort === true;
      const current = availability();
      if (!lastResort && current !== 'available' && current !== 'probe') return 'rejected';
      if (!bulkhead.tryEnter()) return 'rejected';
      const permit = breaker.tryAcquire();
      if (permit !== 'rejected') return permit;
      // A last-resort attempt past an open breaker: an 'allowed' outcome never moves an open breaker.
      if (lastResort) return 'allowed';
      bulkhead.leave();
      return 'rejected';
    },
    onAttemptEnd(result) {
      const nowMs = now();
      const { decision, permit } = result;
      bulkhead.leave();
      const succeeded = decision.final && decision.reason === 'ok';
      // A success of an attempt that started before the latest breaker failure is old news (a long stream that
      // began while the target was healthy): it must not reset the consecutive-failure count.
      const startedMs = nowMs - (result.latencyMs ?? 0);
      const stale = lastBreakerFailureAt !== undefined && startedMs < lastBreakerFailureAt;
      let transition: BreakerTransition | undefined;
      if (decision.breakerFailure) {
        transition = breaker.recordFailure({ permit });
        lastBreakerFailureAt = nowMs;
      } else if (succeeded && !stale) {
        transition = breaker.recordSuccess({ permit, latencyMs: result.ttfbMs ?? result.latencyMs });
      } else breaker.release(permit);
      if (decision.coolDownMs !== undefined) {
        coolDownUntil = Math.max(coolDownUntil ?? 0, nowMs + decision.coolDownMs);
      }
      if (decision.disableTarget) disabledUntil = nowMs + disableMs;
      if (decision.breakerFailure || decision.coolDownMs !== undefined || decision.disableTarget) lastFailureAt = nowMs;
      if (succeeded) {
        disabledUntil = undefined;
        if (result.latencyMs !== undefined) ewmaLatencyMs = smooth(ewmaLatencyMs, result.latencyMs);
        if (result.ttfbMs !== undefined) {
          ewmaTtfbMs = smooth(ewmaTtfbMs, result.ttfbMs);
          addTtfbSample(result.ttfbMs);
        }
      }
      return transition;
    },
    p95TtfbMs,
    clearDisabled() {
      disabledUntil = undefined;
    },
    breaker,
    snapshot() {
      const nowMs = now();
      const snapshot: TargetSnapshot = {
        availability: availability(),
        outstanding: bulkhead.inFlight(),
        breaker: breaker.snapshot(),
      };
      if (ewmaLatencyMs !== undefined) snapshot.ewmaLatencyMs = ewmaLatencyMs;
      if (ewmaTtfbMs !== undefined) snapshot.ewmaTtfbMs = ewmaTtfbMs;
      const p95 = p95TtfbMs();
      if (p95 !== undefined) snapshot.p95TtfbMs = p95;
      if (lastFailureAt !== undefined) snapshot.lastFailureAt = lastFailureAt;
      if (coolDownUntil !== undefined && nowMs < coolDownUntil) snapshot.coolDownUntil = coolDownUntil;
      if (disabledUntil !== undefined && nowMs < disabledUntil) snapshot.disabledUntil = disabledUntil;
      return snapshot;
    },
  };
}
