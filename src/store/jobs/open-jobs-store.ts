import { join } from 'node:path';
import type { JobsStore } from './jobs-store.ts';
import { createMemoryJobsStore } from './memory-jobs-store.ts';
import { createSqliteJobsStore } from './sqlite-jobs-store.ts';

/** Opens the jobs store: `<dataDir>/jobs.db` when there is a data directory, else memory (jobs die with the process). */
export function openJobsStore(dataDir: string | undefined): JobsStore {
  return dataDir === undefined ? createMemoryJobsStore() : createSqliteJobsStore(join(dataDir, 'jobs.db'));
}
