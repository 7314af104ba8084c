import { join } from 'node:path';
import type { HistoryStore } from './history-store.ts';
import { createMemoryHistoryStore } from './memory-history-store.ts';
import { createSqliteHistoryStore } from './sqlite-history-store.ts';

/** The history store of a gateway: `<dataDir>/history.db`, or memory without a data directory. */
export function openHistoryStore(dataDir: string | undefined): HistoryStore {
  return dataDir === undefined ? createMemoryHistoryStore() : createSqliteHistoryStore(join(dataDir, 'history.db'));
}
