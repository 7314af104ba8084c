import type { TargetAvailability } from '../policies/target-state.ts';

/**
 * True when a job may be dispatched now: at least one target of its route would take an attempt (`available`, or
 * `probe` when its breaker lets a trial through). Open, cooling-down, disabled and saturated targets are out, so a
 * job waits in the queue instead of spending an attempt (and the gateway's last-resort trickle) on a dead route.
 */
export function isRouteServable(availabilities: readonly TargetAvailability[]): boolean {
  return availabilities.some((availability) => availability === 'available' || availability === 'probe');
}
