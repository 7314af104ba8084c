import { join } from 'node:path';
import type { KeysStore } from './keys-store.ts';
import { createMemoryKeysStore } from './memory-keys-store.ts';
import { createSqliteKeysStore } from './sqlite-keys-store.ts';

/** The keys store for a data directory (`<dataDir>/keys.db`), or in memory when there is none. */
export function openKeysStore(dataDir: string | undefined): KeysStore {
  return dataDir === undefined ? createMemoryKeysStore() : createSqliteKeysStore(join(dataDir, 'keys.db'));
}
