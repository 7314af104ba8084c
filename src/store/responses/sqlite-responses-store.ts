import { type Migration, openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import { assembleContext, type ContextLink } from './assemble-context.ts';
import { itemsOf, outputOf, type ResponseItem, type ResponsesStore, type StoredResponse } from './responses-store.ts';

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
  {
    // One turn per answer plus a pointer to the answer it continued (v1 kept each answer's whole context). A v1 row
    // keeps its whole context in `context` and starts a conversation of its own; items are found in their response.
    version: 2,
    sql: `
      CREATE TABLE responses_v2 (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        provider TEXT NOT NULL,
        conversation TEXT NOT NULL,
        previous_id TEXT,
        context TEXT,
        turn_context TEXT,
        input_items TEXT NOT NULL,
        response TEXT NOT NULL
      );
      INSERT INTO responses_v2 (id, tenant, created_at, expires_at, provider, conversation, previous_id, context,
        turn_context, input_items, response)
        SELECT id, tenant, created_at, expires_at, provider, id, NULL, context, NULL, input_items, response
        FROM responses;
      CREATE TABLE conversations (id TEXT PRIMARY KEY, keep_until INTEGER NOT NULL);
      INSERT INTO conversations (id, keep_until) SELECT id, expires_at FROM responses;
      CREATE TABLE response_items_v2 (
        item_id TEXT PRIMARY KEY,
        response_id TEXT NOT NULL REFERENCES responses_v2 (id) ON DELETE CASCADE
      );
      INSERT INTO response_items_v2 (item_id, response_id) SELECT item_id, response_id FROM response_items;
      DROP TABLE response_items;
      DROP TABLE responses;
      ALTER TABLE responses_v2 RENAME TO responses;
      ALTER TABLE response_items_v2 RENAME TO response_items;
      CREATE INDEX response_items_response ON response_items (response_id);
      CREATE INDEX responses_conversation ON responses (conversation);
      CREATE INDEX responses_previous ON responses (previous_id) WHERE previous_id IS NOT NULL;
      CREATE INDEX conversations_keep_until ON conversations (keep_until);
    `,
  },
];

interface Row {
  id: string;
  tenant: string;
  created_at: number;
  expires_at: number;
  provider: string;
  conversation: string;
  previous_id: string | null;
  context: string | null;
  turn_context: string | null;
  input_items: string;
  response: string;
}

interface Pending {
  entry: StoredResponse;
  conversation: string;
  /** Set when the entry is kept whole (its previous response had gone). */
  wholeContext: readonly ResponseItem[] | undefined;
}

function toEntry(row: Row): StoredResponse {
  const inputItems = JSON.parse(row.input_items) as ResponseItem[];
  return {
    id: row.id,
    tenant: row.tenant,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    provider: row.provider,
    previousId: row.previous_id ?? undefined,
    turnContext: row.turn_context === null ? inputItems : (JSON.parse(row.turn_context) as ResponseItem[]),
    inputItems,
    response: JSON.parse(row.response) as Record<string, unknown>,
  };
}

function toLink(row: Row): ContextLink {
  const entry = toEntry(row);
  const wholeContext = row.context === null ? undefined : (JSON.parse(row.context) as ResponseItem[]);
  return {
    previousId: wholeContext === undefined ? entry.previousId : undefined,
    wholeContext,
    turnContext: entry.turnContext,
    output: outputOf(entry.response),
  };
}

function pendingLink(pending: Pending): ContextLink {
  return {
    previousId: pending.wholeContext === undefined ? pending.entry.previousId : undefined,
    wholeContext: pending.wholeContext,
    turnContext: pending.entry.turnContext,
    output: outputOf(pending.entry.response),
  };
}

/** How long an answer may wait in memory before its batch is written. */
const flushDelayMs = 20;

/**
 * The ledger in a SQLite file (`<data dir>/responses.db`), one row per turn. A stored answer is readable at once (the
 * next turn often follows within milliseconds) and written to the file in a batch within `flushDelayMs`: one
 * transaction for many answers instead of one each; a crash loses at most the last few milliseconds. Response ids
 * grow with time (request ids are UUIDv7), so a batch appends to the end of the tables' B-trees.
 */
export function createSqliteResponsesStore(file: string): ResponsesStore {
  const database = openSqliteDatabase(file, 'responses', migrations);
  const selectRow = database.prepare('SELECT * FROM responses WHERE id = ?');
  const selectConversation = database.prepare('SELECT conversation FROM responses WHERE id = ?');
  const selectChildren = database.prepare('SELECT * FROM responses WHERE previous_id = ?');
  const insert = database.prepare(
    `INSERT OR REPLACE INTO responses (id, tenant, created_at, expires_at, provider, conversation, previous_id, context,
       turn_context, input_items, response)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const keepConversation = database.prepare(
    `INSERT INTO conversations (id, keep_until) VALUES (?, ?)
     ON CONFLICT (id) DO UPDATE SET keep_until = max(keep_until, excluded.keep_until)`,
  );
  const insertItem = database.prepare('INSERT OR REPLACE INTO response_items (item_id, response_id) VALUES (?, ?)');
  const selectItemOwner = database.prepare('SELECT response_id FROM response_items WHERE item_id = ?');
  const makeWhole = database.prepare('UPDATE responses SET context = ?, previous_id = NULL WHERE id = ?');
  const remove = database.prepare('DELETE FROM responses WHERE id = ?');
  const pruneResponses = database.prepare(
    'DELETE FROM responses WHERE conversation IN (SELECT id FROM conversations WHERE keep_until <= ?)',
  );
  const pruneConversations = database.prepare('DELETE FROM conversations WHERE keep_until <= ?');
  const pending = new Map<string, Pending>();
  const pendingItems = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const visibleEntry = (entry: StoredResponse | undefined, tenant: string, nowMs: number) =>
    entry !== undefined && entry.tenant === tenant && entry.expiresAt > nowMs ? entry : undefined;

  /** A stored turn, visible or not (a context runs through expired turns of a live conversation). */
  function readLink(id: string): ContextLink | undefined {
    const waiting = pending.get(id);
    if (waiting !== undefined) return pendingLink(waiting);
    const row = selectRow.get(id) as Row | undefined;
    return row === undefined ? undefined : toLink(row);
  }

  function readVisible(id: string, tenant: string, nowMs: number): StoredResponse | undefined {
    const waiting = pending.get(id);
    if (waiting !== undefined) return visibleEntry(waiting.entry, tenant, nowMs);
    const row = selectRow.get(id) as Row | undefined;
    return row === undefined ? undefined : visibleEntry(toEntry(row), tenant, nowMs);
  }

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    runInTransaction(database, () => {
      for (const { entry, conversation, wholeContext } of batch) {
        const inputItems = JSON.stringify(entry.inputItems);
        insert.run(
          entry.id,
          entry.tenant,
          entry.createdAt,
          entry.expiresAt,
          entry.provider,
          conversation,
          wholeContext === undefined ? (entry.previousId ?? null) : null,
          wholeContext === undefined ? null : JSON.stringify(wholeContext),
          entry.turnContext === entry.inputItems ? null : JSON.stringify(entry.turnContext),
          inputItems,
          JSON.stringify(entry.response),
        );
        keepConversation.run(conversation, entry.expiresAt);
        for (const item of itemsOf(entry)) if (typeof item.id === 'string') insertItem.run(item.id, entry.id);
      }
    });
    pending.clear();
    pendingItems.clear();
  }

  return {
    get: readVisible,
    context(id, tenant, nowMs) {
      if (readVisible(id, tenant, nowMs) === undefined) return undefined;
      const head = readLink(id);
      return head === undefined ? undefined : assembleContext(head, readLink);
    },
    put(entry, wholeContext) {
      let conversation = entry.id;
      let orphaned = false;
      if (entry.previousId !== undefined) {
        const previous =
          pending.get(entry.previousId)?.conversation ??
          (selectConversation.get(entry.previousId) as { conversation: string } | undefined)?.conversation;
        if (previous === undefined) orphaned = true;
        else conversation = previous;
      }
      pending.set(entry.id, { entry, conversation, wholeContext: orphaned ? wholeContext() : undefined });
      for (const item of itemsOf(entry)) if (typeof item.id === 'string') pendingItems.set(item.id, entry.id);
      if (timer === undefined) {
        timer = setTimeout(flush, flushDelayMs);
        timer.unref();
      }
    },
    getItem(itemId, tenant, nowMs) {
      const owner =
        pendingItems.get(itemId) ?? (selectItemOwner.get(itemId) as { response_id: string } | undefined)?.response_id;
      const entry = owner === undefined ? undefined : readVisible(owner, tenant, nowMs);
      return entry === undefined ? undefined : itemsOf(entry).find((item) => item.id === itemId);
    },
    delete(id, tenant, nowMs) {
      flush();
      if (readVisible(id, tenant, nowMs) === undefined) return false;
      runInTransaction(database, () => {
        for (const child of selectChildren.all(id) as unknown as Row[]) {
          const whole = assembleContext(toLink(child), readLink);
          if (whole !== undefined) makeWhole.run(JSON.stringify(whole), child.id);
        }
        remove.run(id);
      });
      return true;
    },
    prune(nowMs) {
      flush();
      return runInTransaction(database, () => {
        const removed = Number(pruneResponses.run(nowMs).changes);
        pruneConversations.run(nowMs);
        return removed;
      });
    },
    close() {
      flush();
      database.close();
    },
  };
}
