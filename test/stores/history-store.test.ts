import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { emptyBucket, type HistoryStore } from '../../src/store/history/history-store.ts';
import { createMemoryHistoryStore } from '../../src/store/history/memory-history-store.ts';
import { createSqliteHistoryStore } from '../../src/store/history/sqlite-history-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const hour = 3_600_000;
const minute = 60_000;

function minuteBucket(provider: string, model: string, startMs: number, counts: { ok?: number; error?: number }) {
  return { ...emptyBucket(provider, model, 'minute', startMs), ok: counts.ok ?? 0, error: counts.error ?? 0 };
}

const implementations: [string, () => HistoryStore][] = [
  ['memory', createMemoryHistoryStore],
  ['sqlite', () => createSqliteHistoryStore(join(dir, `history-${Math.random()}.db`))],
];

for (const [name, create] of implementations) {
  describe(`history store (${name})`, () => {
    test('adds counters into existing buckets and queries by provider, model and time', () => {
      const store = create();
      store.add([minuteBucket('a', 'm1', 0, { ok: 3 }), minuteBucket('a', 'm1', 0, { ok: 2, error: 1 })]);
      store.add([minuteBucket('a', '', 0, { ok: 5 }), minuteBucket('b', 'm2', minute, { error: 4 })]);
      const rows = store.query({ provider: 'a', model: 'm1', resolution: 'minute', fromMs: 0, toMs: hour });
      assert.equal(rows.length, 1);
      assert.deepEqual([rows[0]!.ok, rows[0]!.error], [5, 1]);
      assert.equal(store.query({ resolution: 'minute', fromMs: 0, toMs: hour }).length, 3);
      assert.equal(store.query({ resolution: 'minute', fromMs: minute, toMs: hour })[0]!.provider, 'b');
      assert.equal(store.query({ resolution: 'hour', fromMs: 0, toMs: hour }).length, 0);
      store.close();
    });

    test('rolls minutes up into hours idempotently and hours into days', () => {
      const store = create();
      store.add([
        minuteBucket('a', 'm1', 0, { ok: 1 }),
        minuteBucket('a', 'm1', 59 * minute, { ok: 2, error: 1 }),
        minuteBucket('a', 'm1', hour, { ok: 4 }),
      ]);
      store.rollUp({ from: 'minute', to: 'hour', fromMs: 0, toMs: 2 * hour });
      store.rollUp({ from: 'minute', to: 'hour', fromMs: 0, toMs: 2 * hour });
      const hours = store.query({ resolution: 'hour', fromMs: 0, toMs: 2 * hour });
      assert.deepEqual(
        hours.map((bucket) => [bucket.startMs, bucket.ok, bucket.error]),
        [
          [0, 3, 1],
          [hour, 4, 0],
        ],
      );
      store.rollUp({ from: 'hour', to: 'day', fromMs: 0, toMs: 24 * hour });
      const days = store.query({ resolution: 'day', fromMs: 0, toMs: 24 * hour });
      assert.deepEqual([days[0]!.ok, days[0]!.error], [7, 1]);
      store.close();
    });

    test('prunes buckets older than the cut-off of one resolution only', () => {
      const store = create();
      store.add([minuteBucket('a', 'm', 0, { ok: 1 }), minuteBucket('a', 'm', 2 * hour, { ok: 1 })]);
      store.rollUp({ from: 'minute', to: 'hour', fromMs: 0, toMs: 3 * hour });
      assert.equal(store.prune('minute', hour), 1);
      assert.equal(store.query({ resolution: 'minute', fromMs: 0, toMs: 3 * hour }).length, 1);
      assert.equal(store.query({ resolution: 'hour', fromMs: 0, toMs: 3 * hour }).length, 2);
      store.close();
    });
  });
}

test('the SQLite history survives reopening the file', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteHistoryStore(file);
  first.add([minuteBucket('a', 'm', 0, { ok: 7 })]);
  first.close();
  const second = createSqliteHistoryStore(file);
  assert.equal(second.query({ resolution: 'minute', fromMs: 0, toMs: hour })[0]!.ok, 7);
  second.close();
});
