import { join } from 'node:path';
import type { AuditStore } from './audit-store.ts';
import { createMemoryAuditStore } from './memory-audit-store.ts';
import { createSqliteAuditStore } from './sqlite-audit-store.ts';

/** The audit store for a data directory (`<dataDir>/audit.db`), or in memory when there is none. */
export function openAuditStore(dataDir: string | undefined): AuditStore {
  return dataDir === undefined ? createMemoryAuditStore() : createSqliteAuditStore(join(dataDir, 'audit.db'));
}
