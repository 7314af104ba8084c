import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_AUDIT } from '../config/schema.ts';
import { events } from '../pipeline/events.ts';
import type { AuditRecord } from '../store/audit/audit-store.ts';
import { createMemoryAuditStore } from '../store/audit/memory-audit-store.ts';
import { auditBatchSize, createAuditRecorder, retentionCutoffMs } from './create-audit-recorder.ts';

const nowMs = Date.UTC(2026, 10, 2, 12);

function entry(requestId: string, timeMs = nowMs): Omit<AuditRecord, 'attempts'> {
  return {
    requestId,
    timeMs,
    keyId: null,
    format: 'openai',
    operation: 'chat',
    model: 'smart',
    stream: false,
    status: 200,
    errorCode: null,
    provider: 'openai',
    targetModel: 'gpt-5',
    fallback: false,
    cache: null,
    degraded: null,
    durationMs: 5,
    inputTokens: 1,
    cachedInputTokens: 0,
    outputTokens: 1,
    costUsd: 0,
    requestBody: null,
    responseBody: null,
  };
}

// A long interval: these tests flush by hand or by batch size, never by the timer.
const config = { ...DEFAULT_AUDIT, flush_interval_ms: 60_000 };

test('attaches the attempts published for a request, in order, and none of other requests', () => {
  const store = createMemoryAuditStore();
  const recorder = createAuditRecorder({ store, config: () => config, now: () => nowMs });
  recorder.begin('r1');
  events.attemptEnd.publish({
    requestId: 'r1',
    provider: 'a',
    model: 'm1',
    reason: 'status-503',
    ttfbMs: 4,
    latencyMs: 5,
  });
  events.attemptEnd.publish({ requestId: 'other', provider: 'x', model: 'y', reason: 'ok', ttfbMs: 1, latencyMs: 1 });
  events.attemptEnd.publish({
    requestId: 'r1',
    provider: 'b',
    model: 'm2',
    reason: 'ok',
    ttfbMs: undefined,
    latencyMs: 9,
  });
  recorder.end(entry('r1'));
  recorder.flush();
  const [record] = [...store.scan({ sinceMs: 0 })];
  assert.deepEqual(record?.attempts, [
    { provider: 'a', model: 'm1', outcome: 'status-503', ttfbMs: 4, latencyMs: 5 },
    { provider: 'b', model: 'm2', outcome: 'ok', ttfbMs: null, latencyMs: 9 },
  ]);
  recorder.close();
});

test('writes nothing on the request path: records wait for the flush', () => {
  const store = createMemoryAuditStore();
  const recorder = createAuditRecorder({ store, config: () => config, now: () => nowMs });
  recorder.begin('r1');
  recorder.end(entry('r1'));
  assert.equal(store.count({ sinceMs: 0 }), 0);
  recorder.flush();
  assert.equal(store.count({ sinceMs: 0 }), 1);
  recorder.close();
});

test('a full batch is flushed on the next turn of the event loop, without waiting for the timer', async () => {
  const store = createMemoryAuditStore();
  const recorder = createAuditRecorder({ store, config: () => config, now: () => nowMs });
  for (let index = 0; index < auditBatchSize; index++) recorder.end(entry(`r${index}`));
  assert.equal(store.count({ sinceMs: 0 }), 0);
  await nextTurn();
  assert.equal(store.count({ sinceMs: 0 }), auditBatchSize);
  recorder.close();
});

test('close flushes what is queued', () => {
  const store = createMemoryAuditStore();
  const recorder = createAuditRecorder({ store, config: () => config, now: () => nowMs });
  recorder.end(entry('last'));
  recorder.close();
  assert.equal(store.count({ sinceMs: 0 }), 1);
});

test('records nothing when the audit trail is off', () => {
  const store = createMemoryAuditStore();
  const recorder = createAuditRecorder({ store, config: () => ({ ...config, enabled: false }), now: () => nowMs });
  recorder.begin('r1');
  recorder.end(entry('r1'));
  recorder.close();
  assert.equal(store.count({ sinceMs: 0 }), 0);
});

test('a failed write keeps the records for the next flush', () => {
  const inner = createMemoryAuditStore();
  let failing = true;
  const store = {
    ...inner,
    append(records: readonly AuditRecord[]) {
      if (failing) throw new Error('disk full');
      inner.append(records);
    },
  };
  const logged: string[] = [];
  const recorder = createAuditRecorder({
    store,
    config: () => config,
    now: () => nowMs,
    logError: (message) => logged.push(message),
  });
  recorder.end(entry('kept'));
  recorder.flush();
  assert.equal(logged.length, 1);
  failing = false;
  recorder.close();
  assert.equal(inner.count({ sinceMs: 0 }), 1);
});

test('prunes records past the retention at start', () => {
  const store = createMemoryAuditStore();
  store.append([
    { ...entry('old', nowMs - 31 * 86_400_000), attempts: [] },
    { ...entry('recent', nowMs - 29 * 86_400_000), attempts: [] },
  ]);
  const recorder = createAuditRecorder({ store, config: () => config, now: () => nowMs });
  assert.deepEqual(
    [...store.scan({ sinceMs: 0 })].map((record) => record.requestId),
    ['recent'],
  );
  assert.equal(retentionCutoffMs(nowMs, 30), nowMs - 30 * 86_400_000);
  recorder.close();
});
