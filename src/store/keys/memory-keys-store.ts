import type { KeyRecord, KeysStore, SpendDelta, SpendTotals } from './keys-store.ts';

/** Keys and spend in memory: for tests and a gateway started without a data directory. */
export function createMemoryKeysStore(): KeysStore {
  const byId = new Map<string, KeyRecord>();
  const idByHash = new Map<string, string>();
  // keyId -> day -> usd
  const spend = new Map<string, Map<string, number>>();
  return {
    insert(record) {
      if (byId.has(record.id) || idByHash.has(record.hash)) throw new Error(`key ${record.id} already exists`);
      byId.set(record.id, { ...record });
      idByHash.set(record.hash, record.id);
    },
    findByHash(hash) {
      const id = idByHash.get(hash);
      const record = id === undefined ? undefined : byId.get(id);
      return record === undefined ? undefined : { ...record };
    },
    get(id) {
      const record = byId.get(id);
      return record === undefined ? undefined : { ...record };
    },
    list: () =>
      [...byId.values()]
        .sort((left, right) => left.createdAtMs - right.createdAtMs || (left.id < right.id ? -1 : 1))
        .map((record) => ({ ...record })),
    count: () => byId.size,
    rotate({ id, hash, prefix, atMs }) {
      const record = byId.get(id);
      if (record === undefined || record.revokedAtMs !== null) return false;
      idByHash.delete(record.hash);
      byId.set(id, { ...record, hash, prefix, rotatedAtMs: atMs });
      idByHash.set(hash, id);
      return true;
    },
    revoke(id, atMs) {
      const record = byId.get(id);
      if (record === undefined || record.revokedAtMs !== null) return false;
      byId.set(id, { ...record, revokedAtMs: atMs });
      return true;
    },
    addSpend(deltas: readonly SpendDelta[]) {
      for (const delta of deltas) {
        let days = spend.get(delta.keyId);
        if (days === undefined) {
          days = new Map();
          spend.set(delta.keyId, days);
        }
        days.set(delta.day, (days.get(delta.day) ?? 0) + delta.usd);
      }
    },
    spendOf(keyId, day): SpendTotals {
      const days = spend.get(keyId);
      if (days === undefined) return { dayUsd: 0, monthUsd: 0 };
      const month = day.slice(0, 7);
      let monthUsd = 0;
      for (const [entry, usd] of days) if (entry.startsWith(month)) monthUsd += usd;
      return { dayUsd: days.get(day) ?? 0, monthUsd };
    },
    close() {},
  };
}
