import { openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import type { KeyRecord, KeysStore } from './keys-store.ts';

const migrations = [
  {
    version: 1,
    sql: `
      CREATE TABLE client_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER,
        revoked_at_ms INTEGER,
        rotated_at_ms INTEGER,
        rpm INTEGER,
        tpm INTEGER,
        budget_usd REAL,
        budget_daily_usd REAL,
        routes TEXT
      );
      CREATE TABLE key_spend (
        key_id TEXT NOT NULL,
        day TEXT NOT NULL,
        usd REAL NOT NULL,
        tokens INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (key_id, day)
      );
    `,
  },
];

interface KeyRow {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  created_at_ms: number;
  expires_at_ms: number | null;
  revoked_at_ms: number | null;
  rotated_at_ms: number | null;
  rpm: number | null;
  tpm: number | null;
  budget_usd: number | null;
  budget_daily_usd: number | null;
  routes: string | null;
}

function toRecord(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    prefix: row.prefix,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    revokedAtMs: row.revoked_at_ms,
    rotatedAtMs: row.rotated_at_ms,
    rpm: row.rpm,
    tpm: row.tpm,
    budgetUsd: row.budget_usd,
    budgetDailyUsd: row.budget_daily_usd,
    routes: row.routes === null ? null : (JSON.parse(row.routes) as string[]),
  };
}

/** Keys and spend in `<dataDir>/keys.db` (or `:memory:`). */
export function createSqliteKeysStore(file: string): KeysStore {
  const database = openSqliteDatabase(file, 'keys', migrations);
  const insert = database.prepare(
    `INSERT INTO client_keys (id, name, hash, prefix, created_at_ms, expires_at_ms, revoked_at_ms, rotated_at_ms,
       rpm, tpm, budget_usd, budget_daily_usd, routes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byHash = database.prepare('SELECT * FROM client_keys WHERE hash = ?');
  const byId = database.prepare('SELECT * FROM client_keys WHERE id = ?');
  const all = database.prepare('SELECT * FROM client_keys ORDER BY created_at_ms, id');
  const count = database.prepare('SELECT count(*) AS n FROM client_keys');
  const rotate = database.prepare(
    'UPDATE client_keys SET hash = ?, prefix = ?, rotated_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL',
  );
  const revoke = database.prepare('UPDATE client_keys SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL');
  const addSpend = database.prepare(
    `INSERT INTO key_spend (key_id, day, usd, tokens, requests) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key_id, day) DO UPDATE SET usd = usd + excluded.usd, tokens = tokens + excluded.tokens,
       requests = requests + excluded.requests`,
  );
  const daySpend = database.prepare('SELECT usd FROM key_spend WHERE key_id = ? AND day = ?');
  const monthSpend = database.prepare(
    'SELECT coalesce(sum(usd), 0) AS usd FROM key_spend WHERE key_id = ? AND day >= ? AND day < ?',
  );
  return {
    insert(record) {
      insert.run(
        record.id,
        record.name,
        record.hash,
        record.prefix,
        record.createdAtMs,
        record.expiresAtMs,
        record.revokedAtMs,
        record.rotatedAtMs,
        record.rpm,
        record.tpm,
        record.budgetUsd,
        record.budgetDailyUsd,
        record.routes === null ? null : JSON.stringify(record.routes),
      );
    },
    findByHash(hash) {
      const row = byHash.get(hash) as KeyRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
    get(id) {
      const row = byId.get(id) as KeyRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    },
    list: () => (all.all() as unknown as KeyRow[]).map(toRecord),
    count: () => Number((count.get() as { n: number }).n),
    rotate: ({ id, hash, prefix, atMs }) => Number(rotate.run(hash, prefix, atMs, id).changes) === 1,
    revoke: (id, atMs) => Number(revoke.run(atMs, id).changes) === 1,
    addSpend(deltas) {
      if (deltas.length === 0) return;
      runInTransaction(database, () => {
        for (const delta of deltas) addSpend.run(delta.keyId, delta.day, delta.usd, delta.tokens, delta.requests);
      });
    },
    spendOf(keyId, day) {
      const month = day.slice(0, 7);
      const day_ = daySpend.get(keyId, day) as { usd: number } | undefined;
      const monthRow = monthSpend.get(keyId, `${month}-00`, `${month}-99`) as { usd: number };
      return { dayUsd: day_?.usd ?? 0, monthUsd: monthRow.usd };
    },
    close() {
      database.close();
    },
  };
}
