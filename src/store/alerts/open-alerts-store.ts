import { join } from 'node:path';
import type { AlertsStore } from './alerts-store.ts';
import { createMemoryAlertsStore } from './memory-alerts-store.ts';
import { createSqliteAlertsStore } from './sqlite-alerts-store.ts';

/** The alerts store of a gateway: `<dataDir>/alerts.db` with a data directory, in memory without one. */
export function openAlertsStore(dataDir: string | undefined): AlertsStore {
  return dataDir === undefined ? createMemoryAlertsStore() : createSqliteAlertsStore(join(dataDir, 'alerts.db'));
}
