import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { CacheEntry, CacheStore } from '../../src/store/cache/cache-store.ts';
import { createMemoryCacheStore } from '../../src/store/cache/memory-cache-store.ts';
import { createSqliteCacheStore } from '../../src/store/cache/sqlite-cache-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-cache-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const backends: { name: string; open: () => CacheStore; reopen?: (store: CacheStore) => CacheStore }[] = [
  { name: 'memory', open: () => createMemoryCacheStore() },
  {
    name: 'sqlite',
    open: () => createSqliteCacheStore(join(dir, `cache-${Math.random().toString(36).slice(2)}.db`)),
  },
];

function entry(key: string, overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    key,
    namespace: 'smart',
    value: `{"answer":"${key}"}`,
    storedAtMs: 1000,
    expiresAtMs: 2000,
    staleUntilMs: 5000,
    ...overrides,
  };
}

for (const backend of backends) {
  describe(`cache store contract (${backend.name})`, () => {
    test('returns what was stored, expired or not', () => {
      const store = backend.open();
      store.putMany([entry('a'), entry('b', { expiresAtMs: 10 })]);
      assert.deepEqual(store.get('a'), entry('a'));
      assert.deepEqual(store.get('b'), entry('b', { expiresAtMs: 10 }));
      assert.equal(store.get('missing'), undefined);
      assert.equal(store.size(), 2);
      store.close();
    });

    test('a second put under the same key replaces the first', () => {
      const store = backend.open();
      store.putMany([entry('a')]);
      store.putMany([entry('a', { value: '{"answer":"new"}', storedAtMs: 3000 })]);
      assert.equal(store.get('a')?.value, '{"answer":"new"}');
      assert.equal(store.size(), 1);
      store.close();
    });

    test('purge deletes only entries whose stale grace is over, with their vectors', () => {
      const store = backend.open();
      store.putMany([entry('old', { staleUntilMs: 100 }), entry('kept', { staleUntilMs: 9000 })]);
      const vector = Float32Array.from([1, 0]);
      store.putVectors([
        { namespace: 'smart', key: 'old', contextHash: 'c', vector, storedAtMs: 1 },
        { namespace: 'smart', key: 'kept', contextHash: 'c', vector, storedAtMs: 2 },
      ]);
      assert.equal(store.purge(200), 1);
      assert.equal(store.get('old'), undefined);
      assert.ok(store.get('kept'));
      assert.deepEqual(
        store.listVectors({ namespace: 'smart', contextHash: 'c', limit: 10 }).map((v) => v.key),
        ['kept'],
      );
      store.close();
    });

    test('vectors round-trip as float32 and are listed per namespace and context, newest first, bounded', () => {
      const store = backend.open();
      const vector = Float32Array.from([0.25, -0.5, 0.125]);
      store.putVectors([
        { namespace: 'smart', key: 'k1', contextHash: 'c1', vector, storedAtMs: 1 },
        { namespace: 'smart', key: 'k2', contextHash: 'c1', vector, storedAtMs: 3 },
        { namespace: 'smart', key: 'k3', contextHash: 'c1', vector, storedAtMs: 2 },
        { namespace: 'smart', key: 'k4', contextHash: 'c2', vector, storedAtMs: 4 },
        { namespace: 'other', key: 'k5', contextHash: 'c1', vector, storedAtMs: 5 },
      ]);
      const listed = store.listVectors({ namespace: 'smart', contextHash: 'c1', limit: 10 });
      assert.deepEqual(
        listed.map((v) => v.key),
        ['k2', 'k3', 'k1'],
      );
      assert.deepEqual([...listed[0]!.vector], [0.25, -0.5, 0.125]);
      assert.equal(store.listVectors({ namespace: 'smart', contextHash: 'c1', limit: 2 }).length, 2);
      assert.deepEqual(
        store.listVectors({ namespace: 'other', contextHash: 'c1', limit: 10 }).map((v) => v.key),
        ['k5'],
      );
      store.close();
    });
  });
}

test('the SQLite cache store keeps its entries across a reopen', () => {
  const file = join(dir, 'durable.db');
  const first = createSqliteCacheStore(file);
  first.putMany([entry('durable')]);
  first.putVectors([
    { namespace: 'smart', key: 'durable', contextHash: 'c', vector: Float32Array.from([1]), storedAtMs: 1 },
  ]);
  first.close();
  const second = createSqliteCacheStore(file);
  assert.deepEqual(second.get('durable'), entry('durable'));
  assert.equal(second.listVectors({ namespace: 'smart', contextHash: 'c', limit: 1 }).length, 1);
  second.close();
});
