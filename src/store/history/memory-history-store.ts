import {
  emptyBucket,
  type HistoryBucket,
  type HistoryResolution,
  type HistoryStore,
  historyCounters,
  resolutionMs,
} from './history-store.ts';

function keyOf(bucket: { provider: string; model: string; resolution: string; startMs: number }): string {
  return `${bucket.resolution}\u0000${bucket.provider}\u0000${bucket.model}\u0000${bucket.startMs}`;
}

/** History kept in memory (tests, and gateways without a data directory). */
export function createMemoryHistoryStore(): HistoryStore {
  const buckets = new Map<string, HistoryBucket>();
  const addInto = (bucket: HistoryBucket) => {
    const key = keyOf(bucket);
    let stored = buckets.get(key);
    if (stored === undefined) {
      stored = emptyBucket(bucket.provider, bucket.model, bucket.resolution, bucket.startMs);
      buckets.set(key, stored);
    }
    for (const counter of historyCounters) stored[counter] += bucket[counter];
  };
  const select = (resolution: HistoryResolution, fromMs: number, toMs: number) =>
    [...buckets.values()].filter(
      (bucket) => bucket.resolution === resolution && bucket.startMs >= fromMs && bucket.startMs < toMs,
    );
  return {
    add(list) {
      for (const bucket of list) addInto(bucket);
    },
    query(query) {
      return select(query.resolution, query.fromMs, query.toMs)
        .filter(
          (bucket) =>
            (query.provider === undefined || bucket.provider === query.provider) &&
            (query.model === undefined || bucket.model === query.model),
        )
        .sort((left, right) => left.startMs - right.startMs || keyOf(left).localeCompare(keyOf(right)))
        .map((bucket) => ({ ...bucket }));
    },
    rollUp({ from, to, fromMs, toMs }) {
      for (const old of select(to, fromMs, toMs)) buckets.delete(keyOf(old));
      const size = resolutionMs[to];
      for (const bucket of select(from, fromMs, toMs)) {
        addInto({ ...bucket, resolution: to, startMs: Math.floor(bucket.startMs / size) * size });
      }
    },
    prune(resolution, beforeMs) {
      let removed = 0;
      for (const [key, bucket] of buckets) {
        if (bucket.resolution === resolution && bucket.startMs < beforeMs) {
          buckets.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
    close() {},
  };
}
