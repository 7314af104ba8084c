/** Settings of a bulkhead. */
export interface BulkheadOptions {
  /** Most attempts in flight at once (A12.7); Infinity for no limit. */
  limit: number;
}

/** A per-target concurrency limit without a queue: a full bulkhead means fail over (A12.7). */
export interface Bulkhead {
  /** Takes a slot; false when all `limit` slots are taken. */
  tryEnter(): boolean;
  /** Gives a slot back; extra calls are ignored. */
  leave(): void;
  /** Slots taken now. */
  inFlight(): number;
  /** The configured limit. */
  readonly limit: number;
}

/**
 * Creates a bulkhead. It never queues: a request that finds it full goes to another target, and when no target
 * has room the gateway answers 429 rather than waiting unboundedly.
 */
export function createBulkhead(options: BulkheadOptions): Bulkhead {
  const { limit } = options;
  if (!(limit >= 0)) throw new RangeError('limit must be >= 0');
  let taken = 0;
  return {
    limit,
    tryEnter() {
      if (taken >= limit) return false;
      taken++;
      return true;
    },
    leave() {
      taken = Math.max(0, taken - 1);
    },
    inFlight: () => taken,
  };
}
