import { type Migration, openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import type { CacheEntry, CacheStore, CacheVector } from './cache-store.ts';

/** Schema steps of the `cache` domain. */
export const cacheMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE cache_entries (
        key TEXT PRIMARY KEY,
        namespace TEXT NOT NULL,
        value TEXT NOT NULL,
        stored_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        stale_until_ms INTEGER NOT NULL
      );
      CREATE INDEX cache_entries_stale ON cache_entries (stale_until_ms);
      CREATE TABLE cache_vectors (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        context_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        stored_at_ms INTEGER NOT NULL,
        PRIMARY KEY (namespace, key)
      );
      CREATE INDEX cache_vectors_scan ON cache_vectors (namespace, context_hash, stored_at_ms);
    `,
  },
];

interface EntryRow {
  key: string;
  namespace: string;
  value: string;
  stored_at_ms: number;
  expires_at_ms: number;
  stale_until_ms: number;
}

interface VectorRow {
  namespace: string;
  key: string;
  context_hash: string;
  vector: Uint8Array;
  stored_at_ms: number;
}

/** Float32 little-endian bytes (the platform's order on every target Node supports). */
function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

function fromBlob(blob: Uint8Array): Float32Array {
  const copy = blob.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** The cache domain in SQLite (`<dataDir>/cache.db`, or `:memory:`), vectors as Float32 blobs. */
export function createSqliteCacheStore(file: string): CacheStore {
  const database = openSqliteDatabase(file, 'cache', cacheMigrations);
  const select = database.prepare('SELECT * FROM cache_entries WHERE key = ?');
  const upsert = database.prepare(
    `INSERT INTO cache_entries (key, namespace, value, stored_at_ms, expires_at_ms, stale_until_ms)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET namespace = excluded.namespace, value = excluded.value,
       stored_at_ms = excluded.stored_at_ms, expires_at_ms = excluded.expires_at_ms,
       stale_until_ms = excluded.stale_until_ms`,
  );
  const upsertVector = database.prepare(
    `INSERT INTO cache_vectors (namespace, key, context_hash, vector, stored_at_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(namespace, key) DO UPDATE SET context_hash = excluded.context_hash, vector = excluded.vector,
       stored_at_ms = excluded.stored_at_ms`,
  );
  const scan = database.prepare(
    `SELECT * FROM cache_vectors WHERE namespace = ? AND context_hash = ?
     ORDER BY stored_at_ms DESC LIMIT ?`,
  );
  const purgeVectors = database.prepare(
    'DELETE FROM cache_vectors WHERE key IN (SELECT key FROM cache_entries WHERE stale_until_ms < ?)',
  );
  const purgeEntries = database.prepare('DELETE FROM cache_entries WHERE stale_until_ms < ?');
  const count = database.prepare('SELECT COUNT(*) AS n FROM cache_entries');
  return {
    get(key) {
      const row = select.get(key) as EntryRow | undefined;
      if (row === undefined) return undefined;
      const entry: CacheEntry = {
        key: row.key,
        namespace: row.namespace,
        value: row.value,
        storedAtMs: row.stored_at_ms,
        expiresAtMs: row.expires_at_ms,
        staleUntilMs: row.stale_until_ms,
      };
      return entry;
    },
    putMany(entries) {
      if (entries.length === 0) return;
      runInTransaction(database, () => {
        for (const entry of entries) {
          upsert.run(entry.key, entry.namespace, entry.value, entry.storedAtMs, entry.expiresAtMs, entry.staleUntilMs);
        }
      });
    },
    putVectors(vectors) {
      if (vectors.length === 0) return;
      runInTransaction(database, () => {
        for (const vector of vectors) {
          upsertVector.run(vector.namespace, vector.key, vector.contextHash, toBlob(vector.vector), vector.storedAtMs);
        }
      });
    },
    listVectors({ namespace, contextHash, limit }) {
      const rows = scan.all(namespace, contextHash, limit) as unknown as VectorRow[];
      return rows.map(
        (row): CacheVector => ({
          namespace: row.namespace,
          key: row.key,
          contextHash: row.context_hash,
          vector: fromBlob(row.vector),
          storedAtMs: row.stored_at_ms,
        }),
      );
    },
    purge(nowMs) {
      return runInTransaction(database, () => {
        purgeVectors.run(nowMs);
        return Number(purgeEntries.run(nowMs).changes);
      });
    },
    size: () => Number((count.get() as { n: number }).n),
    close() {
      database.close();
    },
  };
}
