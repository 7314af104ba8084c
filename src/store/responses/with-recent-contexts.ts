import type { ResponseItem, ResponsesStore } from './responses-store.ts';

interface Recent {
  tenant: string;
  expiresAt: number;
  wholeContext: () => readonly ResponseItem[];
}

/**
 * Remembers the whole context of the last `size` answers stored, as the ledger gave it when it stored them, so the
 * next turn of an active conversation is expanded without reading its chain back from the store (one lookup per
 * earlier turn). Contexts come back as they were sent upstream (item ids dropped); the ledger replays them the same
 * way either way. Deleting an answer forgets it; the contexts of the answers that continued it do not change.
 */
export function withRecentContexts(store: ResponsesStore, size: number): ResponsesStore {
  const recent = new Map<string, Recent>();
  return {
    ...store,
    context(id, tenant, nowMs) {
      const found = recent.get(id);
      if (found === undefined || found.tenant !== tenant) return store.context(id, tenant, nowMs);
      if (found.expiresAt <= nowMs) return undefined;
      recent.delete(id);
      recent.set(id, found);
      return [...found.wholeContext()];
    },
    put(entry, wholeContext) {
      store.put(entry, wholeContext);
      recent.delete(entry.id);
      recent.set(entry.id, { tenant: entry.tenant, expiresAt: entry.expiresAt, wholeContext });
      if (recent.size > size) recent.delete(recent.keys().next().value as string);
    },
    delete(id, tenant, nowMs) {
      const deleted = store.delete(id, tenant, nowMs);
      if (deleted) recent.delete(id);
      return deleted;
    },
    close() {
      recent.clear();
      store.close();
    },
  };
}
