import { assembleContext, type ContextLink } from './assemble-context.ts';
import { itemsOf, outputOf, type ResponseItem, type ResponsesStore, type StoredResponse } from './responses-store.ts';

interface Kept {
  entry: StoredResponse;
  /** The conversation's first response id. */
  conversation: string;
  /** Set when the entry holds its whole context (its previous response was deleted). */
  wholeContext: readonly ResponseItem[] | undefined;
}

/** The ledger in memory (tests, and gateways started without a data directory). */
export function createMemoryResponsesStore(): ResponsesStore {
  const entries = new Map<string, Kept>();
  /** Conversation id -> the latest expiry of its responses. */
  const conversations = new Map<string, number>();
  const items = new Map<string, string>();
  const visible = (kept: Kept | undefined, tenant: string, nowMs: number) =>
    kept !== undefined && kept.entry.tenant === tenant && kept.entry.expiresAt > nowMs ? kept : undefined;
  const link = (kept: Kept): ContextLink => ({
    previousId: kept.wholeContext === undefined ? kept.entry.previousId : undefined,
    wholeContext: kept.wholeContext,
    turnContext: kept.entry.turnContext,
    output: outputOf(kept.entry.response),
  });
  const contextOf = (kept: Kept) =>
    assembleContext(link(kept), (id) => {
      const found = entries.get(id);
      return found === undefined ? undefined : link(found);
    });
  return {
    get: (id, tenant, nowMs) => visible(entries.get(id), tenant, nowMs)?.entry,
    context(id, tenant, nowMs) {
      const kept = visible(entries.get(id), tenant, nowMs);
      return kept === undefined ? undefined : contextOf(kept);
    },
    put(entry, wholeContext) {
      const previous = entry.previousId === undefined ? undefined : entries.get(entry.previousId);
      const orphaned = entry.previousId !== undefined && previous === undefined;
      const conversation = previous?.conversation ?? entry.id;
      entries.set(entry.id, { entry, conversation, wholeContext: orphaned ? wholeContext() : undefined });
      conversations.set(conversation, Math.max(conversations.get(conversation) ?? 0, entry.expiresAt));
      for (const item of itemsOf(entry)) if (typeof item.id === 'string') items.set(item.id, entry.id);
    },
    getItem(itemId, tenant, nowMs) {
      const responseId = items.get(itemId);
      const kept = responseId === undefined ? undefined : visible(entries.get(responseId), tenant, nowMs);
      return kept === undefined ? undefined : itemsOf(kept.entry).find((item) => item.id === itemId);
    },
    delete(id, tenant, nowMs) {
      const kept = visible(entries.get(id), tenant, nowMs);
      if (kept === undefined) return false;
      for (const child of entries.values()) {
        if (child.wholeContext === undefined && child.entry.previousId === id) {
          child.wholeContext = contextOf(child);
        }
      }
      entries.delete(id);
      for (const [itemId, responseId] of items) if (responseId === id) items.delete(itemId);
      return true;
    },
    prune(nowMs) {
      let removed = 0;
      for (const [id, kept] of entries) {
        if ((conversations.get(kept.conversation) ?? 0) > nowMs) continue;
        entries.delete(id);
        removed += 1;
      }
      for (const [conversation, keepUntil] of conversations) if (keepUntil <= nowMs) conversations.delete(conversation);
      for (const [itemId, responseId] of items) if (!entries.has(responseId)) items.delete(itemId);
      return removed;
    },
    close() {
      entries.clear();
      conversations.clear();
      items.clear();
    },
  };
}
