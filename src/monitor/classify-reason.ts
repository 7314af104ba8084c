import type { SampleKind } from './health-window.ts';

/**
 * How an attempt's reason (from classifyOutcome) counts for the target's health: 429s, client mistakes and
 * cancellations say nothing about the target and are excluded; everything else but `ok` is the target's failure.
 */
export function classifyReason(reason: string): SampleKind {
  if (reason === 'ok') return 'ok';
  if (reason === 'rate-limited' || reason === 'client-aborted' || reason.startsWith('client-')) return 'excluded';
  return 'error';
}
