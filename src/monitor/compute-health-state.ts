import { type HealthState, healthStates } from '../core/monitoring.ts';

/** What one evaluation knows about a target (from its verdict window). */
export interface HealthEvidence {
  /** Successes in the verdict window (probes included). */
  ok: number;
  /** Failures of the target in the verdict window (probes included). */
  error: number;
  /** True when samples arrived since the previous evaluation; only fresh evidence moves a confirmation streak. */
  fresh: boolean;
  /** Median time to first token in the window, when known. */
  p50TtfbMs?: number | undefined;
  /** The learned healthy median time to first token, when known. */
  baselineTtfbMs?: number | undefined;
  /** The target's circuit breaker is open: routing already took it out, so it is at least in partial outage. */
  breakerOpen?: boolean | undefined;
}

/** The confirmed state of a target and the streak that may change it. */
export interface HealthMemory {
  /** The confirmed state; undefined until the first verdict (no data is neither up nor down). */
  state: HealthState | undefined;
  /** Consecutive fresh evaluations whose verdict pointed away from `state` in `direction`. */
  streak: number;
  /** Which way the streak points. */
  direction: 'worse' | 'better' | undefined;
}

/** Thresholds of the verdict (config `monitoring.*`). */
export interface HealthOptions {
  /** Samples (ok + error) needed before any verdict. */
  minVolume: number;
  /** Errors needed before an error-rate verdict (one failure never opens anything). */
  minErrors: number;
  /** Error rate from which the target is degraded. */
  degradedErrorRate: number;
  /** Error rate from which the target is in partial outage. */
  partialErrorRate: number;
  /** Error rate from which the target is in major outage. */
  majorErrorRate: number;
  /** Degraded when the median TTFT exceeds the learned baseline times this. */
  latencyFactor: number;
  /** Degraded when the median TTFT exceeds this, in ms, whatever the baseline. */
  ttfbThresholdMs: number;
  /** Consecutive fresh worse verdicts needed to go down. */
  confirmDown: number;
  /** Consecutive fresh better verdicts needed to come back. */
  confirmUp: number;
}

/** The memory of a target never evaluated. */
export const unknownHealth: HealthMemory = { state: undefined, streak: 0, direction: undefined };

/** Rank of a state: 0 operational ... 3 major outage. */
export function severityRank(state: HealthState): number {
  return healthStates.indexOf(state);
}

/** The instant verdict of one window (and the breaker), before hysteresis; undefined below the minimum volume. */
export function rawHealthState(evidence: HealthEvidence, options: HealthOptions): HealthState | undefined {
  const fromWindow = windowHealthState(evidence, options);
  if (evidence.breakerOpen !== true) return fromWindow;
  return fromWindow === 'major_outage' ? fromWindow : 'partial_outage';
}

function windowHealthState(evidence: HealthEvidence, options: HealthOptions): HealthState | undefined {
  const volume = evidence.ok + evidence.error;
  if (volume < options.minVolume) return undefined;
  const rate = evidence.error / volume;
  if (evidence.error >= options.minErrors) {
    if (rate >= options.majorErrorRate) return 'major_outage';
    if (rate >= options.partialErrorRate) return 'partial_outage';
    if (rate >= options.degradedErrorRate) return 'degraded';
  }
  const p50 = evidence.p50TtfbMs;
  if (p50 !== undefined) {
    if (p50 > options.ttfbThresholdMs) return 'degraded';
    if (evidence.baselineTtfbMs !== undefined && p50 > evidence.baselineTtfbMs * options.latencyFactor) {
      return 'degraded';
    }
  }
  return 'operational';
}

/**
 * The one health decision: the next confirmed state of a target from its window and its previous memory, with
 * hysteresis both ways. Going down takes `confirmDown` consecutive fresh worse verdicts, coming back `confirmUp`
 * consecutive fresh better ones; below the minimum volume or without fresh samples nothing changes. Pure.
 */
export function computeHealthState(
  evidence: HealthEvidence,
  previous: HealthMemory,
  options: HealthOptions,
): HealthMemory {
  const raw = rawHealthState(evidence, options);
  if (raw === undefined || !evidence.fresh) return previous;
  const current = previous.state ?? 'operational';
  const difference = severityRank(raw) - severityRank(current);
  if (difference === 0) return { state: current, streak: 0, direction: undefined };
  const direction = difference > 0 ? 'worse' : 'better';
  const streak = previous.direction === direction ? previous.streak + 1 : 1;
  const needed = direction === 'worse' ? options.confirmDown : options.confirmUp;
  if (streak >= needed) return { state: raw, streak: 0, direction: undefined };
  return { state: previous.state, streak, direction };
}

/** The learned healthy median TTFT: an EWMA updated only by healthy windows. */
export function updateBaseline(baselineMs: number | undefined, p50TtfbMs: number, weight = 0.1): number {
  return baselineMs === undefined ? p50TtfbMs : baselineMs + weight * (p50TtfbMs - baselineMs);
}

/** The worst of several states; undefined when none is known. */
export function worstState(states: Iterable<HealthState | undefined>): HealthState | undefined {
  let worst: HealthState | undefined;
  for (const state of states) {
    if (state === undefined) continue;
    if (worst === undefined || severityRank(state) > severityRank(worst)) worst = state;
  }
  return worst;
}
