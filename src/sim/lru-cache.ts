/** A bounded least-recently-used cache. */
export interface LruCache<V> {
  /** The value under `key`, marking it most recently used. */
  get(key: string): V | undefined;
  /** Stores a value, evicting the least recently used ones beyond the bounds. */
  set(key: string, value: V): void;
  /** Number of entries. */
  readonly size: number;
  /** Sum of the sizes of the entries. */
  readonly bytes: number;
  /** Removes every entry. */
  clear(): void;
}

/** Bounds of an LRU cache. */
export interface LruCacheOptions<V> {
  /** Most entries kept. */
  maxEntries: number;
  /** Most total size kept; a single larger value is not stored. */
  maxBytes: number;
  /** Size of a value, in the unit of `maxBytes`. */
  sizeOf: (value: V) => number;
}

/** Creates an LRU cache on a Map (insertion order is recency order). */
export function createLruCache<V>(options: LruCacheOptions<V>): LruCache<V> {
  const entries = new Map<string, { value: V; size: number }>();
  let bytes = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      const size = options.sizeOf(value);
      if (size > options.maxBytes) return;
      const existing = entries.get(key);
      if (existing !== undefined) {
        bytes -= existing.size;
        entries.delete(key);
      }
      entries.set(key, { value, size });
      bytes += size;
      for (const [oldKey, oldEntry] of entries) {
        if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
        entries.delete(oldKey);
        bytes -= oldEntry.size;
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
