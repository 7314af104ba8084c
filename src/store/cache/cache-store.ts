/** One stored answer of the exact cache. */
export interface CacheEntry {
  /** The exact cache key: hex SHA-256 of the normalized request. */
  key: string;
  /** Where the entry belongs: the route name (and, once virtual keys exist, the tenant). */
  namespace: string;
  /** The stored answer as JSON text (canonical result, provider, model). */
  value: string;
  /** When it was stored, epoch ms. */
  storedAtMs: number;
  /** Fresh until this instant, epoch ms. */
  expiresAtMs: number;
  /** Kept for the stale-cache rung of the degradation ladder until this instant, epoch ms (>= expiresAtMs). */
  staleUntilMs: number;
}

/** The embedding of a cached request's last user turn, for the semantic cache. */
export interface CacheVector {
  /** Namespace of the entry (semantic hits never cross namespaces). */
  namespace: string;
  /** Key of the exact entry this vector points at. */
  key: string;
  /** Hash of the request without its last user turn: only the last turn may differ between two semantic matches. */
  contextHash: string;
  /** The embedding. */
  vector: Float32Array;
  /** When it was stored, epoch ms. */
  storedAtMs: number;
}

/**
 * The cache domain's storage: operation-shaped, synchronous (SQLite reads are microseconds; the caller batches
 * writes off the hot path). Implementations: memory and SQLite; one contract suite runs against both.
 */
export interface CacheStore {
  /** The entry under `key`, expired or not (the caller decides freshness); undefined when absent. */
  get(key: string): CacheEntry | undefined;
  /** Stores entries, replacing any under the same key, in one transaction. */
  putMany(entries: readonly CacheEntry[]): void;
  /** Stores vectors, replacing any for the same namespace and key, in one transaction. */
  putVectors(vectors: readonly CacheVector[]): void;
  /** Vectors of one namespace and context, newest first, at most `limit` (the bound of the linear scan). */
  listVectors(options: { namespace: string; contextHash: string; limit: number }): CacheVector[];
  /** Deletes entries (and their vectors) whose stale grace ended before `nowMs`; returns how many. */
  purge(nowMs: number): number;
  /** Number of entries stored. */
  size(): number;
  /** Releases the backend. */
  close(): void;
}
