/** An LRU map bounded by entry count and by total bytes. */
export interface MemoryLru<Value> {
  /** The value under `key`, marked as most recently used; undefined when absent. */
  get(key: string): Value | undefined;
  /** Stores a value of `bytes` size, evicting the least recently used entries until both bounds hold. */
  set(key: string, value: Value, bytes: number): void;
  /** Removes a key. */
  delete(key: string): void;
  /** Entries held. */
  readonly size: number;
  /** Bytes held. */
  readonly bytes: number;
}

/** Creates an LRU on a Map (insertion order is recency order: a hit re-inserts). */
export function createMemoryLru<Value>(options: { maxEntries: number; maxBytes: number }): MemoryLru<Value> {
  const items = new Map<string, { value: Value; bytes: number }>();
  let total = 0;
  const remove = (key: string) => {
    const item = items.get(key);
    if (item === undefined) return;
    items.delete(key);
    total -= item.bytes;
  };
  return {
    get(key) {
      const item = items.get(key);
      if (item === undefined) return undefined;
      items.delete(key);
      items.set(key, item);
      return item.value;
    },
    set(key, value, bytes) {
      remove(key);
      if (bytes > options.maxBytes || options.maxEntries === 0) return;
      items.set(key, { value, bytes });
      total += bytes;
      while (items.size > options.maxEntries || total > options.maxBytes) {
        remove(items.keys().next().value as string);
      }
    },
    delete: remove,
    get size() {
      return items.size;
    },
    get bytes() {
      return total;
    },
  };
}
