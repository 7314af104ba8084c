import { matchModelGlob } from '../config/match-model-glob.ts';
import type { ChaosFault } from './chaos-fault.ts';

/** What chaos mode does to one upstream attempt. */
export type ChaosDecision =
  | { action: 'pass' }
  | { action: 'delay'; latencyMs: number; faultId: string }
  | { action: 'fail'; status: number; latencyMs: number; faultId: string };

/**
 * The first unexpired fault matching the attempt's provider and model decides (pure): it fails the attempt when the
 * draw falls under its rate, otherwise only delays it by its latency. `model` undefined (a probe) matches only faults
 * without a model.
 */
export function decideChaos(
  faults: readonly ChaosFault[],
  attempt: { provider: string; model: string | undefined; nowMs: number; draw: number },
): ChaosDecision {
  for (const fault of faults) {
    if (fault.expiresAt <= attempt.nowMs || fault.provider !== attempt.provider) continue;
    if (fault.model !== undefined && (attempt.model === undefined || !matchModelGlob(fault.model, attempt.model)))
      continue;
    if (attempt.draw < fault.rate)
      return { action: 'fail', status: fault.status, latencyMs: fault.latencyMs, faultId: fault.id };
    return fault.latencyMs > 0
      ? { action: 'delay', latencyMs: fault.latencyMs, faultId: fault.id }
      : { action: 'pass' };
  }
  return { action: 'pass' };
}
