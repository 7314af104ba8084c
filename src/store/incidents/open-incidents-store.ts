import { join } from 'node:path';
import type { IncidentsStore } from './incidents-store.ts';
import { createMemoryIncidentsStore } from './memory-incidents-store.ts';
import { createSqliteIncidentsStore } from './sqlite-incidents-store.ts';

/** The incidents store of a gateway: `<dataDir>/incidents.db`, or memory without a data directory. */
export function openIncidentsStore(dataDir: string | undefined): IncidentsStore {
  return dataDir === undefined
    ? createMemoryIncidentsStore()
    : createSqliteIncidentsStore(join(dataDir, 'incidents.db'));
}
