import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteDatabase, runInTransaction } from './sqlite-database.ts';

const steps = [
  { version: 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' },
  { version: 2, sql: 'ALTER TABLE notes ADD COLUMN author TEXT' },
];

test('applies each migration once, across reopenings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outlast-store-'));
  try {
    const file = join(dir, 'nested', 'notes.db');
    const first = openSqliteDatabase(file, 'notes', steps.slice(0, 1));
    first.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    first.close();
    const second = openSqliteDatabase(file, 'notes', steps);
    second.prepare('INSERT INTO notes (text, author) VALUES (?, ?)').run('new', 'me');
    second.close();
    const third = openSqliteDatabase(file, 'notes', steps);
    assert.deepEqual(
      third
        .prepare('SELECT text, author FROM notes ORDER BY id')
        .all()
        .map((row) => ({ ...row })),
      [
        { text: 'kept', author: null },
        { text: 'new', author: 'me' },
      ],
    );
    assert.equal(third.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
    third.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses a gap in the migration versions', () => {
  assert.throws(
    () => openSqliteDatabase(':memory:', 'gap', [{ version: 2, sql: 'SELECT 1' }]),
    /migration 1 is missing/,
  );
});

test('keeps domains apart in one database', () => {
  const database = openSqliteDatabase(':memory:', 'a', [{ version: 1, sql: 'CREATE TABLE a (x)' }]);
  openSqliteDatabase(':memory:', 'b', []);
  assert.doesNotThrow(() => database.prepare('SELECT * FROM a').all());
});

test('rolls a failed transaction back', () => {
  const database = openSqliteDatabase(':memory:', 'notes', steps);
  assert.throws(() =>
    runInTransaction(database, () => {
      database.prepare('INSERT INTO notes (text) VALUES (?)').run('lost');
      throw new Error('boom');
    }),
  );
  assert.equal(database.prepare('SELECT count(*) AS n FROM notes').get()?.n, 0);
});
