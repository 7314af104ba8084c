import type { TargetAvailability } from '../policies/target-state.ts';
import { isRouteServable } from './is-route-servable.ts';

/** How long a job whose route has no healthy target waits before the next look, in ms. */
export const healthWaitMs = 500;

/** What a worker does with a job it just claimed. */
export type ClaimedJobDecision =
  | { action: 'dispatch' }
  | { action: 'defer'; untilMs: number }
  | { action: 'fail'; reason: 'deadline' | 'attempts-spent' };

/**
 * The first decision on a claimed job: fail it when its deadline passed or its attempts are spent (a crash may have
 * spent the last one), put it back without an attempt while every target of its route is out (until the next look,
 * never past the deadline), else dispatch. `availability` undefined means the route is unknown to the health view:
 * the dispatch itself reports why.
 */
export function decideClaimedJob(input: {
  nowMs: number;
  deadlineAtMs: number;
  attempts: number;
  maxAttempts: number;
  availability: readonly TargetAvailability[] | undefined;
}): ClaimedJobDecision {
  if (input.nowMs >= input.deadlineAtMs) return { action: 'fail', reason: 'deadline' };
  if (input.attempts >= input.maxAttempts) return { action: 'fail', reason: 'attempts-spent' };
  if (input.availability !== undefined && !isRouteServable(input.availability)) {
    return { action: 'defer', untilMs: Math.min(input.nowMs + healthWaitMs, input.deadlineAtMs) };
  }
  return { action: 'dispatch' };
}
