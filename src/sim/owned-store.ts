/** What every stored resource has: its id, the credential that owns it, and the bytes it holds. */
export interface OwnedItem {
  /** Vendor-shaped id (`file_...`, `msgbatch_...`, `file-...`, `batch_...`). */
  id: string;
  /** The credential that created it; no other credential can see it. */
  owner: string;
  /** Bytes held in memory (content, rendered results), charged to the shared storage budget. */
  sizeBytes: number;
}

/** The memory every store of a simulator shares. */
export interface StorageBudget {
  /** Bytes held now. */
  usedBytes: number;
  /** Most bytes held at once. */
  maxBytes: number;
}

/** Items of one kind, by id, each visible only to its owner. */
export interface OwnedStore<T extends OwnedItem> {
  /** Stores an item unless the store is full or the budget cannot hold its bytes; true when stored. */
  add(item: T): boolean;
  /** Stores an item whose bytes were already accounted for (moved from another item), ignoring the limits. */
  insert(item: T): void;
  /** The owner's item with that id, or undefined (unknown, or another owner's). */
  get(owner: string, id: string): T | undefined;
  /** The item with that id whoever owns it (a Gemini upload URL is its own credential), or undefined. */
  find(id: string): T | undefined;
  /** Removes the owner's item with that id and frees its bytes; returns it, or undefined. */
  remove(owner: string, id: string): T | undefined;
  /** Changes the bytes an item holds (and the budget with them); false when the budget cannot grow that much. */
  resize(item: T, sizeBytes: number): boolean;
  /** The owner's items, oldest first. */
  list(owner: string): T[];
  /** Removes every item. */
  clear(): void;
}

/** Creates an empty store of at most `maxItems` items, charging bytes to `budget`. */
export function createOwnedStore<T extends OwnedItem>(budget: StorageBudget, maxItems: number): OwnedStore<T> {
  const items = new Map<string, T>();
  return {
    add(item) {
      if (items.size >= maxItems || budget.usedBytes + item.sizeBytes > budget.maxBytes) return false;
      budget.usedBytes += item.sizeBytes;
      items.set(item.id, item);
      return true;
    },
    insert(item) {
      budget.usedBytes += item.sizeBytes;
      items.set(item.id, item);
    },
    get(owner, id) {
      const item = items.get(id);
      return item !== undefined && item.owner === owner ? item : undefined;
    },
    find(id) {
      return items.get(id);
    },
    remove(owner, id) {
      const item = items.get(id);
      if (item === undefined || item.owner !== owner) return undefined;
      items.delete(id);
      budget.usedBytes -= item.sizeBytes;
      return item;
    },
    resize(item, sizeBytes) {
      const growth = sizeBytes - item.sizeBytes;
      if (growth > 0 && budget.usedBytes + growth > budget.maxBytes) return false;
      budget.usedBytes += growth;
      item.sizeBytes = sizeBytes;
      return true;
    },
    list(owner) {
      const owned: T[] = [];
      for (const item of items.values()) if (item.owner === owner) owned.push(item);
      return owned;
    },
    clear() {
      for (const item of items.values()) budget.usedBytes -= item.sizeBytes;
      items.clear();
    },
  };
}
