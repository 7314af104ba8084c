import type { BreakerConfig, RetryConfig } from '../config/schema.ts';
import { type AdaptiveThrottle, createAdaptiveThrottle } from '../policies/adaptive-throttle.ts';
import type { BreakerTransition } from '../policies/circuit-breaker.ts';
import type { OutcomeDecision } from '../policies/classify-outcome.ts';
import { createRetryBudget, type RetryBudget } from '../policies/retry-budget.ts';
import { createTargetState, type TargetSnapshot, type TargetState } from '../policies/target-state.ts';
import { events } from './events.ts';

/** Everything the gateway keeps about one target (provider + upstream model), across requests and config reloads. */
export interface TargetRecord {
  /** Provider id. */
  provider: string;
  /** Upstream model. */
  model: string;
  /** Breaker, cool-down, disabling, concurrency and latency. */
  state: TargetState;
  /** Retry budget (gRPC A6). */
  budget: RetryBudget;
  /** SRE adaptive throttle; undefined when turned off. */
  throttle: AdaptiveThrottle | undefined;
}

/** Settings a record is created with. */
export interface TargetSettings {
  breaker: BreakerConfig;
  retry: RetryConfig;
  maxConcurrent: number | undefined;
  disableMs: number;
  adaptiveThrottle: boolean;
}

/** A target's state as the admin API shows it. */
export interface TargetView extends TargetSnapshot {
  provider: string;
  model: string;
  budget: ReturnType<RetryBudget['snapshot']>;
  throttle: ReturnType<AdaptiveThrottle['snapshot']> | undefined;
}

/** Per-target health shared by every request; the same state routes traffic and feeds the monitor. */
export interface TargetRegistry {
  /** The record of a target, created on first use with the settings given. */
  get(provider: string, model: string, settings: TargetSettings): TargetRecord;
  /** Applies an attempt's outcome to its target and publishes what changed. */
  recordOutcome(
    record: TargetRecord,
    permit: 'allowed' | 'probe',
    decision: OutcomeDecision,
    timing: { ttfbMs?: number | undefined; latencyMs?: number | undefined },
  ): void;
  /** Every known target, for `GET /admin/api/targets`. */
  list(): TargetView[];
  /** Operator action: clears a disabling and closes the breaker; false when the target was never used. */
  reset(provider: string, model: string): boolean;
}

function publishTransition(record: TargetRecord, transition: BreakerTransition | undefined): void {
  if (transition === undefined) return;
  const message = {
    provider: record.provider,
    model: record.model,
    from: transition.from,
    snapshot: record.state.snapshot(),
  };
  if (transition.to === 'open' && events.breakerOpen.hasSubscribers) events.breakerOpen.publish(message);
  if (transition.to === 'closed' && events.breakerClose.hasSubscribers) events.breakerClose.publish(message);
}

/** Creates the registry; clock and randomness are injected so tests control breakers and jitter. */
export function createTargetRegistry(deps: { now: () => number; random: () => number }): TargetRegistry {
  const records = new Map<string, TargetRecord>();
  return {
    get(provider, model, settings) {
      const key = `${provider}\u0000${model}`;
      let record = records.get(key);
      if (record === undefined) {
        const breaker = settings.breaker;
        record = {
          provider,
          model,
          state: createTargetState({
            now: deps.now,
            random: deps.random,
            maxConcurrent: settings.maxConcurrent,
            disableMs: settings.disableMs,
            breaker: {
              consecutiveFailures: breaker.consecutive_failures,
              failureRateThreshold: breaker.failure_rate,
              minimumCalls: breaker.minimum_calls,
              windowMs: breaker.window_ms,
              baseOpenMs: breaker.base_open_ms,
              maxOpenMs: breaker.max_open_ms,
              halfOpenProbes: breaker.half_open_probes,
            },
          }),
          budget: createRetryBudget({
            maxTokens: settings.retry.budget_max_tokens,
            tokenRatio: settings.retry.budget_token_ratio,
          }),
          throttle: settings.adaptiveThrottle
            ? createAdaptiveThrottle({ now: deps.now, random: deps.random })
            : undefined,
        };
        records.set(key, record);
      }
      return record;
    },
    recordOutcome(record, permit, decision, timing) {
      const transition = record.state.onAttemptEnd({ permit, decision, ...timing });
      const succeeded = decision.final && decision.reason === 'ok';
      if (succeeded) record.budget.recordSuccess();
      else if (decision.breakerFailure || decision.coolDownMs !== undefined) record.budget.recordFailure();
      if (decision.reason !== 'client-aborted') {
        record.throttle?.record(!(decision.breakerFailure || decision.coolDownMs !== undefined));
      }
      publishTransition(record, transition);
      if (events.targetOutcome.hasSubscribers) {
        events.targetOutcome.publish({
          provider: record.provider,
          model: record.model,
          reason: decision.reason,
          ttfbMs: timing.ttfbMs,
          latencyMs: timing.latencyMs,
        });
      }
      if (decision.coolDownMs !== undefined && events.targetCoolDown.hasSubscribers) {
        events.targetCoolDown.publish({
          provider: record.provider,
          model: record.model,
          coolDownMs: decision.coolDownMs,
        });
      }
      if (decision.disableTarget && events.targetDisable.hasSubscribers) {
        events.targetDisable.publish({ provider: record.provider, model: record.model, reason: decision.reason });
      }
    },
    reset(provider, model) {
      const record = records.get(`${provider}\u0000${model}`);
      if (record === undefined) return false;
      record.state.clearDisabled();
      record.state.breaker.reset();
      return true;
    },
    list() {
      return [...records.values()].map((record) => ({
        provider: record.provider,
        model: record.model,
        ...record.state.snapshot(),
        budget: record.budget.snapshot(),
        throttle: record.throttle?.snapshot(),
      }));
    },
  };
}
