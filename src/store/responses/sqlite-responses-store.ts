import { type Migration, openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import type { ResponsesStore, StoredResponse } from './responses-store.ts';

const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE responses (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        provider TEXT NOT NULL,
        context TEXT NOT NULL,
        input_items TEXT NOT NULL,
        response TEXT NOT NULL
      );
      CREATE INDEX responses_expiry ON responses (expires_at);
      CREATE TABLE response_items (
        item_id TEXT PRIMARY KEY,
        response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        item TEXT NOT NULL
      );
      CREATE INDEX response_items_response ON response_items (response_id);
    `,
  },
];

interface Row {
  id: string;
  tenant: string;
  created_at: number;
  expires_at: number;
  provider: string;
  context: string;
  input_items: string;
  response: string;
}

function toEntry(row: Row): StoredResponse {
  return {
    id: row.id,
    tenant: row.tenant,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    provider: row.provider,
    context: JSON.parse(row.context) as Record<string, unknown>[],
    inputItems: JSON.parse(row.input_items) as Record<string, unknown>[],
    response: JSON.parse(row.response) as Record<string, unknown>,
  };
}

/** The ledger in a SQLite file (`<data dir>/responses.db`): written synchronously, so a follow-up turn finds it. */
export function createSqliteResponsesStore(file: string): ResponsesStore {
  const database = openSqliteDatabase(file, 'responses', migrations);
  const select = database.prepare('SELECT * FROM responses WHERE id = ? AND tenant = ? AND expires_at > ?');
  const insert = database.prepare(
    `INSERT OR REPLACE INTO responses (id, tenant, created_at, expires_at, provider, context, input_items, response)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertItem = database.prepare(
    'INSERT OR REPLACE INTO response_items (item_id, response_id, item) VALUES (?, ?, ?)',
  );
  const selectItem = database.prepare(
    `SELECT response_items.item AS item FROM response_items JOIN responses ON responses.id = response_items.response_id
     WHERE response_items.item_id = ? AND responses.tenant = ? AND responses.expires_at > ?`,
  );
  const remove = database.prepare('DELETE FROM responses WHERE id = ? AND tenant = ?');
  const prune = database.prepare('DELETE FROM responses WHERE expires_at <= ?');
  return {
    get(id, tenant, nowMs) {
      const row = select.get(id, tenant, nowMs) as Row | undefined;
      return row === undefined ? undefined : toEntry(row);
    },
    put(entry) {
      runInTransaction(database, () => {
        insert.run(
          entry.id,
          entry.tenant,
          entry.createdAt,
          entry.expiresAt,
          entry.provider,
          JSON.stringify(entry.context),
          JSON.stringify(entry.inputItems),
          JSON.stringify(entry.response),
        );
        const output = (entry.response.output as Record<string, unknown>[] | undefined) ?? [];
        for (const item of [...entry.inputItems, ...output]) {
          if (typeof item.id === 'string') insertItem.run(item.id, entry.id, JSON.stringify(item));
        }
      });
    },
    getItem(itemId, tenant, nowMs) {
      const row = selectItem.get(itemId, tenant, nowMs) as { item: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.item) as Record<string, unknown>);
    },
    delete: (id, tenant) => Number(remove.run(id, tenant).changes) > 0,
    prune: (nowMs) => Number(prune.run(nowMs).changes),
    close: () => database.close(),
  };
}
