import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { KeyRecord, KeysStore } from '../../src/store/keys/keys-store.ts';
import { createMemoryKeysStore } from '../../src/store/keys/memory-keys-store.ts';
import { createSqliteKeysStore } from '../../src/store/keys/sqlite-keys-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-keys-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const backends: Record<string, () => KeysStore> = {
  memory: createMemoryKeysStore,
  sqlite: () => createSqliteKeysStore(join(dir, `keys-${files++}.db`)),
};

function sample(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: 'key_1',
    name: 'billing-bot',
    hash: 'a'.repeat(64),
    prefix: 'olk_abcdefgh',
    createdAtMs: 1_000,
    expiresAtMs: null,
    revokedAtMs: null,
    rotatedAtMs: null,
    rpm: 600,
    tpm: null,
    budgetUsd: 100,
    budgetDailyUsd: null,
    routes: ['smart', 'fast'],
    ...overrides,
  };
}

for (const [backend, open] of Object.entries(backends)) {
  describe(`keys store (${backend})`, () => {
    test('finds a key by its hash and by its id, with every field kept', () => {
      const store = open();
      store.insert(sample());
      assert.deepEqual(store.findByHash('a'.repeat(64)), sample());
      assert.deepEqual(store.get('key_1'), sample());
      assert.equal(store.findByHash('b'.repeat(64)), undefined);
      assert.equal(store.get('key_2'), undefined);
      store.close();
    });

    test('keeps null limits and routes as null', () => {
      const store = open();
      const open_ = sample({ rpm: null, budgetUsd: null, routes: null, expiresAtMs: 5_000 });
      store.insert(open_);
      assert.deepEqual(store.get('key_1'), open_);
      store.close();
    });

    test('refuses a second key with the same id or hash', () => {
      const store = open();
      store.insert(sample());
      assert.throws(() => store.insert(sample({ hash: 'c'.repeat(64) })));
      assert.throws(() => store.insert(sample({ id: 'key_2' })));
      assert.equal(store.count(), 1);
      store.close();
    });

    test('lists every key oldest first and counts revoked ones too', () => {
      const store = open();
      store.insert(sample({ id: 'key_b', hash: 'b'.repeat(64), createdAtMs: 2_000 }));
      store.insert(sample({ id: 'key_a', hash: 'a'.repeat(64), createdAtMs: 1_000 }));
      assert.equal(store.revoke('key_a', 3_000), true);
      assert.deepEqual(
        store.list().map((record) => record.id),
        ['key_a', 'key_b'],
      );
      assert.equal(store.count(), 2);
      store.close();
    });

    test('rotating replaces the hash: the old one no longer finds the key', () => {
      const store = open();
      store.insert(sample());
      assert.equal(store.rotate({ id: 'key_1', hash: 'd'.repeat(64), prefix: 'olk_new', atMs: 9_000 }), true);
      assert.equal(store.findByHash('a'.repeat(64)), undefined);
      const rotated = store.findByHash('d'.repeat(64));
      assert.equal(rotated?.id, 'key_1');
      assert.equal(rotated?.prefix, 'olk_new');
      assert.equal(rotated?.rotatedAtMs, 9_000);
      assert.equal(store.rotate({ id: 'nope', hash: 'e'.repeat(64), prefix: 'x', atMs: 1 }), false);
      store.close();
    });

    test('revokes once, and a revoked key can be neither revoked again nor rotated', () => {
      const store = open();
      store.insert(sample());
      assert.equal(store.revoke('key_1', 5_000), true);
      assert.equal(store.revoke('key_1', 6_000), false);
      assert.equal(store.get('key_1')?.revokedAtMs, 5_000);
      assert.equal(store.findByHash('a'.repeat(64))?.revokedAtMs, 5_000);
      assert.equal(store.rotate({ id: 'key_1', hash: 'f'.repeat(64), prefix: 'x', atMs: 7_000 }), false);
      assert.equal(store.revoke('unknown', 1), false);
      store.close();
    });

    test('adds spend per day and sums the month', () => {
      const store = open();
      store.addSpend([
        { keyId: 'key_1', day: '2026-11-01', usd: 1.5, tokens: 10, requests: 1 },
        { keyId: 'key_1', day: '2026-11-02', usd: 2, tokens: 10, requests: 1 },
        { keyId: 'key_1', day: '2026-11-02', usd: 0.25, tokens: 10, requests: 1 },
        { keyId: 'key_1', day: '2026-10-31', usd: 100, tokens: 10, requests: 1 },
        { keyId: 'key_2', day: '2026-11-02', usd: 7, tokens: 10, requests: 1 },
      ]);
      store.addSpend([]);
      assert.deepEqual(store.spendOf('key_1', '2026-11-02'), { dayUsd: 2.25, monthUsd: 3.75 });
      assert.deepEqual(store.spendOf('key_1', '2026-11-03'), { dayUsd: 0, monthUsd: 3.75 });
      assert.deepEqual(store.spendOf('key_3', '2026-11-02'), { dayUsd: 0, monthUsd: 0 });
      store.close();
    });
  });
}

test('the SQLite keys store keeps keys and spend across reopening', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteKeysStore(file);
  first.insert(sample());
  first.addSpend([{ keyId: 'key_1', day: '2026-11-02', usd: 4, tokens: 1, requests: 1 }]);
  first.close();
  const second = createSqliteKeysStore(file);
  assert.deepEqual(second.get('key_1'), sample());
  assert.deepEqual(second.spendOf('key_1', '2026-11-02'), { dayUsd: 4, monthUsd: 4 });
  second.close();
});
