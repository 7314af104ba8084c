import type { CacheEntry, CacheStore, CacheVector } from './cache-store.ts';

/** Options of the memory cache store. */
export interface MemoryCacheStoreOptions {
  /** Most entries kept; the oldest stored is dropped first. */
  maxEntries?: number;
}

/** A cache store in process memory, for runs without a data directory (and the contract tests). */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, CacheEntry>();
  const vectors = new Map<string, CacheVector>();
  const vectorId = (namespace: string, key: string) => `${namespace}\u0000${key}`;
  const dropVectorsOf = (entry: CacheEntry) => vectors.delete(vectorId(entry.namespace, entry.key));
  return {
    get: (key) => entries.get(key),
    putMany(list) {
      for (const entry of list) {
        entries.delete(entry.key);
        entries.set(entry.key, { ...entry });
      }
      while (entries.size > maxEntries) {
        const oldest = entries.values().next().value as CacheEntry;
        entries.delete(oldest.key);
        dropVectorsOf(oldest);
      }
    },
    putVectors(list) {
      for (const vector of list) {
        const id = vectorId(vector.namespace, vector.key);
        vectors.delete(id);
        vectors.set(id, { ...vector, vector: Float32Array.from(vector.vector) });
      }
    },
    listVectors({ namespace, contextHash, limit }) {
      const found: CacheVector[] = [];
      for (const vector of [...vectors.values()].reverse()) {
        if (found.length >= limit) break;
        if (vector.namespace === namespace && vector.contextHash === contextHash) found.push(vector);
      }
      return found.sort((left, right) => right.storedAtMs - left.storedAtMs);
    },
    purge(nowMs) {
      let removed = 0;
      for (const entry of [...entries.values()]) {
        if (entry.staleUntilMs >= nowMs) continue;
        entries.delete(entry.key);
        dropVectorsOf(entry);
        removed += 1;
      }
      return removed;
    },
    size: () => entries.size,
    close() {
      entries.clear();
      vectors.clear();
    },
  };
}
