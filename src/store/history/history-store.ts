/** Bucket sizes of the uptime history. */
export type HistoryResolution = 'minute' | 'hour' | 'day';

/** Length of each resolution, in ms. */
export const resolutionMs: Readonly<Record<HistoryResolution, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** The additive counters of a bucket (all sum when buckets are merged or rolled up). */
export const historyCounters = [
  'ok',
  'error',
  'slow',
  'excluded',
  'probes',
  'probe_tokens',
  'delivered_ok',
  'delivered_error',
  'moved',
  'covered_s',
  'degraded_s',
  'partial_s',
  'major_s',
  'maintenance_s',
] as const;

/** One counter name. */
export type HistoryCounter = (typeof historyCounters)[number];

/** One bucket of history for a target (`model` set) or a whole provider (`model` = ''). */
export type HistoryBucket = {
  /** Provider id. */
  provider: string;
  /** Upstream model, or '' for the provider as a whole. */
  model: string;
  /** Bucket size. */
  resolution: HistoryResolution;
  /** Start of the bucket (epoch ms, aligned to the resolution in UTC). */
  startMs: number;
} & {
  /**
   * ok/error/slow/excluded: attempts (probes included) before failover; probes, probe_tokens: probe cost;
   * delivered_ok/delivered_error: client requests whose first target this was, by final result after failover;
   * moved: client requests failed over away from it; covered_s: seconds with a verdict; degraded_s, partial_s,
   * major_s: seconds in each state; maintenance_s: seconds inside a vendor maintenance window (excluded from uptime).
   */
  [Counter in HistoryCounter]: number;
};

/** A query of history. */
export interface HistoryQuery {
  /** Only this provider. */
  provider?: string | undefined;
  /** Only this model ('' = provider-level rows); undefined = every row. */
  model?: string | undefined;
  /** Bucket size. */
  resolution: HistoryResolution;
  /** From this time (inclusive). */
  fromMs: number;
  /** To this time (exclusive). */
  toMs: number;
}

/** Uptime history: per-minute buckets rolled up to hours and days, pruned by age. */
export interface HistoryStore {
  /** Adds the counters of `buckets` to the stored ones (creating them); one transaction. */
  add(buckets: readonly HistoryBucket[]): void;
  /** Buckets in the range, oldest first. */
  query(query: HistoryQuery): HistoryBucket[];
  /** Rebuilds the `to` buckets starting in [fromMs, toMs) as the sums of the `from` buckets inside them. */
  rollUp(options: { from: HistoryResolution; to: HistoryResolution; fromMs: number; toMs: number }): void;
  /** Deletes buckets of `resolution` that start before `beforeMs`; returns how many. */
  prune(resolution: HistoryResolution, beforeMs: number): number;
  /** Releases the store. */
  close(): void;
}

/** A bucket with every counter at zero. */
export function emptyBucket(
  provider: string,
  model: string,
  resolution: HistoryResolution,
  startMs: number,
): HistoryBucket {
  const bucket = { provider, model, resolution, startMs } as HistoryBucket;
  for (const counter of historyCounters) bucket[counter] = 0;
  return bucket;
}
