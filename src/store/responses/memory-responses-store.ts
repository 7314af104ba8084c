import type { ResponsesStore, StoredResponse } from './responses-store.ts';

function itemsOf(entry: StoredResponse): Record<string, unknown>[] {
  return [...entry.inputItems, ...((entry.response.output as Record<string, unknown>[] | undefined) ?? [])];
}

/** The ledger in memory (tests, and gateways started without a data directory). */
export function createMemoryResponsesStore(): ResponsesStore {
  const entries = new Map<string, StoredResponse>();
  const items = new Map<string, { responseId: string; item: Record<string, unknown> }>();
  const live = (entry: StoredResponse | undefined, tenant: string, nowMs: number) =>
    entry !== undefined && entry.tenant === tenant && entry.expiresAt > nowMs ? entry : undefined;
  return {
    get: (id, tenant, nowMs) => live(entries.get(id), tenant, nowMs),
    put(entry) {
      entries.set(entry.id, entry);
      for (const item of itemsOf(entry)) {
        if (typeof item.id === 'string') items.set(item.id, { responseId: entry.id, item });
      }
    },
    getItem(itemId, tenant, nowMs) {
      const found = items.get(itemId);
      if (found === undefined) return undefined;
      return live(entries.get(found.responseId), tenant, nowMs) === undefined ? undefined : found.item;
    },
    delete(id, tenant) {
      const entry = entries.get(id);
      if (entry === undefined || entry.tenant !== tenant) return false;
      entries.delete(id);
      return true;
    },
    prune(nowMs) {
      let removed = 0;
      for (const [id, entry] of entries) {
        if (entry.expiresAt <= nowMs) {
          entries.delete(id);
          removed += 1;
        }
      }
      for (const [itemId, found] of items) if (!entries.has(found.responseId)) items.delete(itemId);
      return removed;
    },
    close() {
      entries.clear();
      items.clear();
    },
  };
}
