/** Inputs of one full-jitter backoff draw. */
export interface FullJitterBackoffOptions {
  /** 0-based retry number: 0 for the first retry. */
  attempt: number;
  /** Ceiling of the first retry's wait (wire-and-resilience A12.3: 500). */
  baseMs: number;
  /** Largest ceiling, whatever the attempt (A12.3: 8000). */
  capMs: number;
  /** Uniform source in [0, 1), injected so tests are deterministic. */
  random: () => number;
}

/** The backoff defaults of A12.3: the official SDKs' envelope, not Envoy's millisecond one. */
export const defaultBackoff = { baseMs: 500, capMs: 8000 } as const;

/** The largest wait fullJitterBackoffMs can return for this attempt: `min(cap, base × 2^attempt)`. */
export function backoffCeilingMs(options: Omit<FullJitterBackoffOptions, 'random'>): number {
  if (!(options.baseMs > 0) || !(options.capMs > 0)) return 0;
  // A positive base times 2^1024 is Infinity, which the cap absorbs.
  return Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, options.attempt));
}

/**
 * Full-jitter exponential backoff (AWS Builders' Library): `random(0, min(cap, base × 2^attempt))`, in whole ms.
 * Full jitter spreads retries of many clients evenly instead of letting them arrive in waves.
 */
export function fullJitterBackoffMs(options: FullJitterBackoffOptions): number {
  const ceilingMs = backoffCeilingMs(options);
  const draw = Math.min(1, Math.max(0, options.random()));
  return Math.min(ceilingMs, Math.floor(draw * ceilingMs));
}
