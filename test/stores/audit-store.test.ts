import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AuditRecord, AuditStore } from '../../src/store/audit/audit-store.ts';
import { createMemoryAuditStore } from '../../src/store/audit/memory-audit-store.ts';
import { createSqliteAuditStore } from '../../src/store/audit/sqlite-audit-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-audit-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const backends: Record<string, () => AuditStore> = {
  memory: createMemoryAuditStore,
  sqlite: () => createSqliteAuditStore(join(dir, `audit-${files++}.db`)),
};

function record(requestId: string, timeMs: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    requestId,
    timeMs,
    keyId: 'key_1',
    format: 'openai',
    operation: 'chat',
    model: 'smart',
    stream: false,
    status: 200,
    errorCode: null,
    provider: 'backup',
    targetModel: 'gpt-5',
    fallback: true,
    cache: null,
    degraded: null,
    durationMs: 42,
    inputTokens: 12,
    cachedInputTokens: 0,
    outputTokens: 30,
    costUsd: 0.000315,
    attempts: [
      { provider: 'primary', model: 'claude-sonnet-4-5', outcome: 'status-529', ttfbMs: 5, latencyMs: 6 },
      { provider: 'backup', model: 'gpt-5', outcome: 'ok', ttfbMs: 20, latencyMs: 35 },
    ],
    requestBody: null,
    responseBody: null,
    ...overrides,
  };
}

for (const [backend, open] of Object.entries(backends)) {
  describe(`audit store (${backend})`, () => {
    test('gives back appended records with their attempts, oldest first', () => {
      const store = open();
      store.append([record('b', 2_000), record('a', 1_000, { attempts: [], keyId: null, stream: true })]);
      const found = [...store.scan({ sinceMs: 0 })];
      assert.deepEqual(found, [record('a', 1_000, { attempts: [], keyId: null, stream: true }), record('b', 2_000)]);
      store.close();
    });

    test('keeps bodies and null figures as given', () => {
      const store = open();
      const withBodies = record('x', 1, {
        requestBody: '{"model":"smart"}',
        responseBody: 'data: {}\n\n',
        inputTokens: null,
        costUsd: null,
        errorCode: 'OUTLAST_UPSTREAM_FAILED',
        status: 502,
        cache: 'miss',
        degraded: 'static',
      });
      store.append([withBodies]);
      assert.deepEqual([...store.scan({ sinceMs: 0 })], [withBodies]);
      store.close();
    });

    test('reads and counts a range: since included, until excluded', () => {
      const store = open();
      store.append([record('a', 1_000), record('b', 2_000), record('c', 3_000)]);
      assert.deepEqual(
        [...store.scan({ sinceMs: 2_000, untilMs: 3_000 })].map((entry) => entry.requestId),
        ['b'],
      );
      assert.equal(store.count({ sinceMs: 2_000 }), 2);
      assert.equal(store.count({ sinceMs: 0, untilMs: 1_000 }), 0);
      store.close();
    });

    test('prunes records older than a time, attempts with them', () => {
      const store = open();
      store.append([record('a', 1_000), record('b', 2_000), record('c', 3_000)]);
      assert.equal(store.prune(2_500), 2);
      assert.deepEqual(
        [...store.scan({ sinceMs: 0 })].map((entry) => [entry.requestId, entry.attempts.length]),
        [['c', 2]],
      );
      assert.equal(store.prune(2_500), 0);
      store.close();
    });
  });
}

test('the SQLite audit store keeps what was appended across reopening', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteAuditStore(file);
  first.append([record('a', 1_000)]);
  first.close();
  const second = createSqliteAuditStore(file);
  assert.deepEqual([...second.scan({ sinceMs: 0 })], [record('a', 1_000)]);
  second.close();
});

test('the memory audit store keeps the newest records up to its bound', () => {
  const store = createMemoryAuditStore({ maxRecords: 2 });
  store.append([record('a', 1), record('b', 2)]);
  store.append([record('c', 3)]);
  assert.deepEqual(
    [...store.scan({ sinceMs: 0 })].map((entry) => entry.requestId),
    ['b', 'c'],
  );
});
