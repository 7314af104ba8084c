import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditStore } from './audit-store.ts';
import { createMemoryAuditStore } from './memory-audit-store.ts';
import { createSqliteAuditStore } from './sqlite-audit-store.ts';

/** The audit store for a data directory (`<dataDir>/audit.db`), or in memory when there is none. */
export function openAuditStore(dataDir: string | undefined): AuditStore {
  return dataDir === undefined ? createMemoryAuditStore() : createSqliteAuditStore(join(dataDir, 'audit.db'));
}

/** The audit store already in a data directory, for reading (`outlast audit export`); undefined when there is none. */
export function openExistingAuditStore(dataDir: string): AuditStore | undefined {
  const file = join(dataDir, 'audit.db');
  return existsSync(file) ? createSqliteAuditStore(file) : undefined;
}
