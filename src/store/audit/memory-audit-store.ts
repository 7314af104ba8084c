import type { AuditRange, AuditRecord, AuditStore } from './audit-store.ts';

function inRange(record: AuditRecord, range: AuditRange): boolean {
  return record.timeMs >= range.sinceMs && (range.untilMs === undefined || record.timeMs < range.untilMs);
}

/** Records a memory trail keeps by default: a long-running gateway without a data directory (the demo) stays bounded. */
const defaultMaxRecords = 100_000;

/** The audit trail in memory: for tests and a gateway started without a data directory. Oldest records go first. */
export function createMemoryAuditStore(options: { maxRecords?: number } = {}): AuditStore {
  const maxRecords = options.maxRecords ?? defaultMaxRecords;
  let records: AuditRecord[] = [];
  return {
    append(batch) {
      for (const record of batch) records.push(structuredClone(record) as AuditRecord);
      if (records.length > maxRecords) records = records.slice(records.length - maxRecords);
    },
    *scan(range) {
      const found = records.filter((record) => inRange(record, range));
      found.sort((left, right) => left.timeMs - right.timeMs);
      for (const record of found) yield structuredClone(record) as AuditRecord;
    },
    count: (range) => records.filter((record) => inRange(record, range)).length,
    prune(beforeMs) {
      const before = records.length;
      records = records.filter((record) => record.timeMs >= beforeMs);
      return before - records.length;
    },
    close() {},
  };
}
