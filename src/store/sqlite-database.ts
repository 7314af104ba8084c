import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** One versioned schema step of a store domain: SQL run once, in order, inside a transaction. */
export interface Migration {
  /** 1, 2, 3, ... in order; a step is never edited once released, only added after. */
  version: number;
  /** The SQL of the step (several statements allowed). */
  sql: string;
}

/**
 * Opens (creating if needed) a SQLite database for one store domain: WAL journal, NORMAL sync (crash-safe in WAL
 * mode: a crash loses at most the last transactions, never corrupts), a busy timeout for the rare concurrent writer,
 * then applies the domain's pending migrations. `file` is a path, or `:memory:` for a private in-memory database.
 */
export function openSqliteDatabase(file: string, domain: string, migrations: readonly Migration[]): DatabaseSync {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new DatabaseSync(file);
  database.exec('PRAGMA busy_timeout = 5000');
  if (file !== ':memory:') database.exec('PRAGMA journal_mode = WAL');
  database.exec('PRAGMA synchronous = NORMAL');
  database.exec('PRAGMA foreign_keys = ON');
  migrateDatabase(database, domain, migrations);
  return database;
}

/** Applies the steps of `domain` newer than the recorded version, each in its own transaction. */
export function migrateDatabase(database: DatabaseSync, domain: string, migrations: readonly Migration[]): void {
  database.exec(
    'CREATE TABLE IF NOT EXISTS outlast_migrations (domain TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL)',
  );
  const row = database.prepare('SELECT version FROM outlast_migrations WHERE domain = ?').get(domain) as
    | { version: number }
    | undefined;
  let current = row?.version ?? 0;
  const ordered = [...migrations].sort((left, right) => left.version - right.version);
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    if (migration.version !== current + 1) {
      throw new Error(`store ${domain}: migration ${current + 1} is missing before ${migration.version}`);
    }
    runInTransaction(database, () => {
      database.exec(migration.sql);
      database
        .prepare(
          'INSERT INTO outlast_migrations (domain, version) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET version = excluded.version',
        )
        .run(domain, migration.version);
    });
    current = migration.version;
  }
}

/** Runs `work` in one IMMEDIATE transaction; rolls back and rethrows on error. */
export function runInTransaction<Result>(database: DatabaseSync, work: () => Result): Result {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
