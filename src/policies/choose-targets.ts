import type { TargetSnapshot } from './target-state.ts';

/** How a route spreads requests over its targets. */
export type RouteStrategy = 'fallback' | 'balance';

/** What target selection reads of a target's health. */
export type TargetHealth = Pick<TargetSnapshot, 'availability' | 'outstanding' | 'ewmaLatencyMs' | 'lastFailureAt'>;

/** One planned target of a route. */
export interface CandidateTarget {
  /** Share of traffic under `balance` (default 1; ignored by `fallback`). */
  weight?: number | undefined;
  /** Its current health. */
  health: TargetHealth;
}

/** Inputs of orderTargets. */
export interface OrderTargetsInput {
  /** The route's strategy. */
  strategy: RouteStrategy;
  /** The route's targets, in config order. */
  targets: readonly CandidateTarget[];
  /** Uniform source in [0, 1), for the weighted picks of `balance`. */
  random: () => number;
}

function isUsable(health: TargetHealth): boolean {
  return health.availability === 'available' || health.availability === 'probe';
}

function weightOf(target: CandidateTarget): number {
  const weight = target.weight ?? 1;
  return Number.isFinite(weight) && weight > 0 ? weight : 0;
}

function pickWeighted(indexes: readonly number[], targets: readonly CandidateTarget[], random: () => number): number {
  const draw = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  let total = 0;
  for (const index of indexes) total += weightOf(targets[index]!);
  if (total <= 0) return indexes[Math.floor(draw * indexes.length)]!;
  let point = draw * total;
  for (const index of indexes) {
    point -= weightOf(targets[index]!);
    if (point < 0) return index;
  }
  return indexes.at(-1)!;
}

// Fewer requests in flight wins; then lower latency when both are known; else the first pick.
function isLessLoaded(candidate: TargetHealth, other: TargetHealth): boolean {
  if (candidate.outstanding !== other.outstanding) return candidate.outstanding < other.outstanding;
  if (candidate.ewmaLatencyMs === undefined || other.ewmaLatencyMs === undefined) return false;
  return candidate.ewmaLatencyMs < other.ewmaLatencyMs;
}

// A12.4 "never all open": the target whose last failure is oldest, preferring one that is not disabled.
function lastResort(targets: readonly CandidateTarget[]): number {
  let best = 0;
  const rank = (index: number): [number, number] => {
    const health = targets[index]!.health;
    return [health.availability === 'disabled' ? 1 : 0, health.lastFailureAt ?? Number.NEGATIVE_INFINITY];
  };
  for (let index = 1; index < targets.length; index++) {
    const [disabled, failedAt] = rank(index);
    const [bestDisabled, bestFailedAt] = rank(best);
    if (disabled < bestDisabled || (disabled === bestDisabled && failedAt < bestFailedAt)) best = index;
  }
  return best;
}

/**
 * The order in which to try a route's targets. `fallback`: config order, unusable targets left out (half-open ones
 * with a probe free stay in place). `balance`: power of two choices, sampled by weight and compared on requests in
 * flight then latency; the other usable targets follow as fallbacks. When targets exist but none is usable, the
 * least recently failed one alone. Pure: randomness is injected.
 */
export function orderTargets(input: OrderTargetsInput): number[] {
  const { targets, random } = input;
  if (targets.length === 0) return [];
  const usable: number[] = [];
  for (let index = 0; index < targets.length; index++) if (isUsable(targets[index]!.health)) usable.push(index);
  if (usable.length === 0) return [lastResort(targets)];
  if (input.strategy === 'fallback' || usable.length === 1) return usable;
  const first = pickWeighted(usable, targets, random);
  const second = pickWeighted(
    usable.filter((index) => index !== first),
    targets,
    random,
  );
  const secondWins = isLessLoaded(targets[second]!.health, targets[first]!.health);
  const [winner, runnerUp] = secondWins ? [second, first] : [first, second];
  return [winner, runnerUp, ...usable.filter((index) => index !== first && index !== second)];
}
