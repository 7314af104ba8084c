import type { SQLInputValue } from 'node:sqlite';
import { type Migration, openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import { type HistoryBucket, type HistoryStore, historyCounters, resolutionMs } from './history-store.ts';

const counterColumns = historyCounters.map((counter) => `${counter} INTEGER NOT NULL DEFAULT 0`).join(', ');

const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE history_buckets (
      resolution TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, start_ms INTEGER NOT NULL,
      ${counterColumns},
      PRIMARY KEY (resolution, provider, model, start_ms)) WITHOUT ROWID;
    CREATE INDEX history_by_time ON history_buckets (resolution, start_ms);`,
  },
];

const names = historyCounters.join(', ');
const placeholders = historyCounters.map(() => '?').join(', ');
const additions = historyCounters.map((counter) => `${counter} = ${counter} + excluded.${counter}`).join(', ');
const sums = historyCounters.map((counter) => `SUM(${counter})`).join(', ');

function toBucket(row: Record<string, SQLInputValue>): HistoryBucket {
  const bucket = {
    provider: row.provider,
    model: row.model,
    resolution: row.resolution,
    startMs: Number(row.start_ms),
  } as HistoryBucket;
  for (const counter of historyCounters) bucket[counter] = Number(row[counter]);
  return bucket;
}

/** History in `<dataDir>/history.db` (domain `history`). */
export function createSqliteHistoryStore(file: string): HistoryStore {
  const database = openSqliteDatabase(file, 'history', migrations);
  const insert = database.prepare(
    `INSERT INTO history_buckets (resolution, provider, model, start_ms, ${names}) VALUES (?, ?, ?, ?, ${placeholders})
     ON CONFLICT (resolution, provider, model, start_ms) DO UPDATE SET ${additions}`,
  );
  const remove = database.prepare(
    'DELETE FROM history_buckets WHERE resolution = ? AND start_ms >= ? AND start_ms < ?',
  );
  const prune = database.prepare('DELETE FROM history_buckets WHERE resolution = ? AND start_ms < ?');
  return {
    add(buckets) {
      if (buckets.length === 0) return;
      runInTransaction(database, () => {
        for (const bucket of buckets) {
          insert.run(
            bucket.resolution,
            bucket.provider,
            bucket.model,
            bucket.startMs,
            ...historyCounters.map((counter) => bucket[counter]),
          );
        }
      });
    },
    query(query) {
      const conditions = ['resolution = ?', 'start_ms >= ?', 'start_ms < ?'];
      const values: SQLInputValue[] = [query.resolution, query.fromMs, query.toMs];
      if (query.provider !== undefined) {
        conditions.push('provider = ?');
        values.push(query.provider);
      }
      if (query.model !== undefined) {
        conditions.push('model = ?');
        values.push(query.model);
      }
      const rows = database
        .prepare(
          `SELECT * FROM history_buckets WHERE ${conditions.join(' AND ')} ORDER BY start_ms, resolution, provider, model`,
        )
        .all(...values) as Record<string, SQLInputValue>[];
      return rows.map(toBucket);
    },
    rollUp({ from, to, fromMs, toMs }) {
      const size = resolutionMs[to];
      runInTransaction(database, () => {
        remove.run(to, fromMs, toMs);
        database
          .prepare(
            `INSERT INTO history_buckets (resolution, provider, model, start_ms, ${names})
             SELECT ?, provider, model, (start_ms / ${size}) * ${size}, ${sums} FROM history_buckets
             WHERE resolution = ? AND start_ms >= ? AND start_ms < ?
             GROUP BY provider, model, (start_ms / ${size}) * ${size}`,
          )
          .run(to, from, fromMs, toMs);
      });
    },
    prune(resolution, beforeMs) {
      return Number(prune.run(resolution, beforeMs).changes);
    },
    close() {
      database.close();
    },
  };
}
