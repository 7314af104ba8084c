import { join } from 'node:path';
import type { CacheStore } from './cache-store.ts';
import { createMemoryCacheStore } from './memory-cache-store.ts';
import { createSqliteCacheStore } from './sqlite-cache-store.ts';

/** The cache store of a gateway: SQLite in `<dataDir>/cache.db`, or memory when there is no data directory. */
export function openCacheStore(dataDir: string | undefined): CacheStore {
  return dataDir === undefined ? createMemoryCacheStore() : createSqliteCacheStore(join(dataDir, 'cache.db'));
}
