import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { JobsStore, NewJob } from '../../src/store/jobs/jobs-store.ts';
import { createMemoryJobsStore } from '../../src/store/jobs/memory-jobs-store.ts';
import { createSqliteJobsStore } from '../../src/store/jobs/sqlite-jobs-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-jobs-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const backends: { name: string; open: () => JobsStore }[] = [
  { name: 'memory', open: createMemoryJobsStore },
  { name: 'sqlite', open: () => createSqliteJobsStore(join(dir, `jobs-${files++}.db`)) },
];

function draft(id: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id,
    owner: undefined,
    format: 'openai',
    operation: 'chat',
    request: '{"model":"m","messages":[]}',
    requestHash: 'h1',
    passHeaders: {},
    callbackUrl: undefined,
    idempotencyKey: undefined,
    priority: 0,
    createdAtMs: 1000,
    deadlineAtMs: 100_000,
    maxAttempts: 5,
    ...overrides,
  };
}

const lease = { leaseMs: 5000 };
const error = { code: 'OUTLAST_UPSTREAM_FAILED', message: 'boom', status: 502 };

for (const backend of backends) {
  describe(`jobs store contract (${backend.name})`, () => {
    test('a submitted job is queued with no attempts and reads back field for field', () => {
      const store = backend.open();
      const { job, created } = store.submit(
        draft('a', { passHeaders: { 'anthropic-version': '2023-06-01' }, callbackUrl: 'http://127.0.0.1:1/cb' }),
      );
      assert.equal(created, true);
      assert.equal(job.status, 'queued');
      assert.equal(job.attempts, 0);
      assert.deepEqual(store.get('a'), job);
      assert.deepEqual(job.passHeaders, { 'anthropic-version': '2023-06-01' });
      assert.equal(job.callbackState, 'none');
      assert.equal(store.get('missing'), undefined);
      store.close();
    });

    test('the same idempotency key of the same owner returns the existing job; another owner gets its own', () => {
      const store = backend.open();
      store.submit(draft('a', { idempotencyKey: 'k1', owner: 'app-1' }));
      const again = store.submit(draft('b', { idempotencyKey: 'k1', owner: 'app-1', requestHash: 'h2' }));
      assert.equal(again.created, false);
      assert.equal(again.job.id, 'a');
      assert.equal(again.job.requestHash, 'h1');
      const other = store.submit(draft('c', { idempotencyKey: 'k1', owner: 'app-2' }));
      assert.equal(other.created, true);
      const anonymous = store.submit(draft('d', { idempotencyKey: 'k1' }));
      assert.equal(anonymous.created, true);
      assert.equal(store.submit(draft('e', { idempotencyKey: 'k1' })).job.id, 'd');
      store.close();
    });

    test('claims by priority, then age, and only jobs that are due', () => {
      const store = backend.open();
      store.submit(draft('old-low', { createdAtMs: 1000 }));
      store.submit(draft('new-high', { createdAtMs: 3000, priority: 5 }));
      store.submit(draft('mid-high', { createdAtMs: 2000, priority: 5 }));
      store.submit(draft('future', { createdAtMs: 9000, priority: 9 }));
      const order: string[] = [];
      for (let index = 0; index < 4; index++) {
        const job = store.claim({ nowMs: 5000, token: `t${index}`, ...lease });
        if (job !== undefined) order.push(job.id);
      }
      assert.deepEqual(order, ['mid-high', 'new-high', 'old-low']);
      assert.equal(store.claim({ nowMs: 9000, token: 'late', ...lease })?.id, 'future');
      store.close();
    });

    test('a claimed job is running under a lease and is not claimed twice', () => {
      const store = backend.open();
      store.submit(draft('a'));
      const claimed = store.claim({ nowMs: 2000, token: 'tok', ...lease });
      assert.equal(claimed?.status, 'running');
      assert.equal(claimed?.leaseUntilMs, 7000);
      assert.equal(store.claim({ nowMs: 2001, token: 'other', ...lease }), undefined);
      store.close();
    });

    test('beginAttempt counts a dispatch and renews the lease only for the lease holder', () => {
      const store = backend.open();
      store.submit(draft('a'));
      store.claim({ nowMs: 2000, token: 'tok', ...lease });
      assert.equal(store.beginAttempt({ id: 'a', token: 'wrong', nowMs: 2100, leaseMs: 5000 }), false);
      assert.equal(store.beginAttempt({ id: 'a', token: 'tok', nowMs: 2100, leaseMs: 5000 }), true);
      const job = store.get('a')!;
      assert.equal(job.attempts, 1);
      assert.equal(job.startedAtMs, 2100);
      assert.equal(job.leaseUntilMs, 7100);
      assert.equal(store.renewLease({ id: 'a', token: 'tok', leaseUntilMs: 9000 }), true);
      assert.equal(store.get('a')?.leaseUntilMs, 9000);
      store.close();
    });

    test('settling as succeeded stores the result once; a second settle by any holder is refused', () => {
      const store = backend.open();
      store.submit(draft('a', { callbackUrl: 'http://127.0.0.1:9/cb' }));
      store.claim({ nowMs: 2000, token: 'tok', ...lease });
      assert.equal(store.settle('a', 'tok', { kind: 'succeeded', result: '{"ok":1}', nowMs: 2500 }), true);
      assert.equal(store.settle('a', 'tok', { kind: 'failed', error, nowMs: 2600 }), false);
      const job = store.get('a')!;
      assert.equal(job.status, 'succeeded');
      assert.equal(job.result, '{"ok":1}');
      assert.equal(job.finishedAtMs, 2500);
      assert.equal(job.leaseToken, undefined);
      assert.equal(job.callbackState, 'pending');
      store.close();
    });

    test('retry and defer put the job back in the queue at the time given; retry keeps the last error', () => {
      const store = backend.open();
      store.submit(draft('a'));
      store.claim({ nowMs: 2000, token: 't1', ...lease });
      store.settle('a', 't1', { kind: 'retry', error, nextAttemptAtMs: 4000, nowMs: 2100 });
      assert.equal(store.get('a')?.status, 'queued');
      assert.deepEqual(store.get('a')?.error, error);
      assert.equal(store.claim({ nowMs: 3999, token: 't2', ...lease }), undefined);
      assert.equal(store.claim({ nowMs: 4000, token: 't2', ...lease })?.id, 'a');
      store.settle('a', 't2', { kind: 'defer', nextAttemptAtMs: 6000, nowMs: 4100 });
      assert.equal(store.get('a')?.nextAttemptAtMs, 6000);
      assert.equal(store.get('a')?.attempts, 0);
      store.close();
    });

    test('a job whose lease expired goes back to the queue and its old holder can no longer finish it', () => {
      const store = backend.open();
      store.submit(draft('a'));
      store.submit(draft('b', { createdAtMs: 1001 }));
      store.claim({ nowMs: 2000, token: 'old', leaseMs: 1000 });
      store.claim({ nowMs: 2500, token: 'live', leaseMs: 1000 });
      assert.equal(store.requeueExpired(3200), 1);
      assert.equal(store.get('a')?.status, 'queued');
      assert.equal(store.get('b')?.status, 'running');
      assert.equal(store.claim({ nowMs: 3300, token: 'new', ...lease })?.id, 'a');
      assert.equal(store.settle('a', 'old', { kind: 'succeeded', result: '"stale"', nowMs: 3400 }), false);
      assert.equal(store.renewLease({ id: 'a', token: 'old', leaseUntilMs: 99_999 }), false);
      assert.equal(store.settle('a', 'new', { kind: 'succeeded', result: '"fresh"', nowMs: 3500 }), true);
      assert.equal(store.get('a')?.result, '"fresh"');
      store.close();
    });

    test('cancel fails a queued or running job and leaves a finished one as it is', () => {
      const store = backend.open();
      store.submit(draft('q'));
      store.submit(draft('r', { createdAtMs: 500 }));
      store.claim({ nowMs: 2000, token: 'tok', ...lease });
      const cancelError = { code: 'OUTLAST_JOB_CANCELLED', message: 'cancelled' };
      assert.equal(store.cancel('r', cancelError, 2100)?.status, 'failed');
      assert.equal(store.settle('r', 'tok', { kind: 'succeeded', result: '1', nowMs: 2200 }), false);
      assert.equal(store.cancel('q', cancelError, 2300)?.error?.code, 'OUTLAST_JOB_CANCELLED');
      assert.equal(store.cancel('q', { code: 'X', message: 'x' }, 2400)?.error?.code, 'OUTLAST_JOB_CANCELLED');
      assert.equal(store.cancel('nope', cancelError, 2500), undefined);
      store.close();
    });

    test('callbacks are due once finished, retried at the time given, and never again once acknowledged', () => {
      const store = backend.open();
      store.submit(draft('a', { callbackUrl: 'http://127.0.0.1:9/a' }));
      store.submit(draft('b'));
      for (const id of ['a', 'b']) {
        store.claim({ nowMs: 2000, token: id, ...lease });
        store.settle(id, id, { kind: 'succeeded', result: '1', nowMs: 2000 });
      }
      assert.deepEqual(
        store.dueCallbacks({ nowMs: 2000, limit: 10 }).map((job) => job.id),
        ['a'],
      );
      store.recordCallback('a', { acknowledged: false, error: 'HTTP 500', nextAtMs: 3000 });
      assert.equal(store.dueCallbacks({ nowMs: 2999, limit: 10 }).length, 0);
      assert.equal(store.get('a')?.callbackLastError, 'HTTP 500');
      assert.equal(store.dueCallbacks({ nowMs: 3000, limit: 10 }).length, 1);
      store.recordCallback('a', { acknowledged: true, nowMs: 3000 });
      assert.equal(store.dueCallbacks({ nowMs: 99_999, limit: 10 }).length, 0);
      assert.equal(store.get('a')?.callbackState, 'acknowledged');
      assert.equal(store.get('a')?.callbackAttempts, 2);
      store.close();
    });

    test('counts jobs by status and the age of the oldest queued one', () => {
      const store = backend.open();
      assert.deepEqual(store.counts(5000), {
        byStatus: { queued: 0, running: 0, succeeded: 0, failed: 0 },
        oldestQueuedAgeMs: 0,
        callbacksPending: 0,
      });
      store.submit(draft('a', { createdAtMs: 1000 }));
      store.submit(draft('b', { createdAtMs: 2000 }));
      store.submit(draft('c', { createdAtMs: 3000, callbackUrl: 'http://127.0.0.1:9/c' }));
      store.claim({ nowMs: 4000, token: 't', ...lease });
      const counts = store.counts(5000);
      assert.deepEqual(counts.byStatus, { queued: 2, running: 1, succeeded: 0, failed: 0 });
      assert.equal(counts.oldestQueuedAgeMs, 3000);
      store.close();
    });

    test('lists newest first, by status, in pages', () => {
      const store = backend.open();
      for (let index = 0; index < 5; index++) store.submit(draft(`j${index}`, { createdAtMs: 1000 + index }));
      store.claim({ nowMs: 5000, token: 't', ...lease });
      assert.deepEqual(
        store.list({ limit: 2 }).map((job) => job.id),
        ['j4', 'j3'],
      );
      assert.deepEqual(
        store.list({ limit: 2, beforeCreatedAtMs: 1003 }).map((job) => job.id),
        ['j2', 'j1'],
      );
      assert.deepEqual(
        store.list({ limit: 10, status: 'running' }).map((job) => job.id),
        ['j0'],
      );
      store.close();
    });

    test('purge deletes jobs finished before the cut-off and frees their idempotency key', () => {
      const store = backend.open();
      store.submit(draft('old', { idempotencyKey: 'k' }));
      store.submit(draft('new', { createdAtMs: 1001 }));
      store.submit(draft('waiting', { createdAtMs: 1002 }));
      store.claim({ nowMs: 2000, token: 'a', ...lease });
      store.settle('old', 'a', { kind: 'succeeded', result: '1', nowMs: 2000 });
      store.claim({ nowMs: 8000, token: 'b', ...lease });
      store.settle('new', 'b', { kind: 'failed', error, nowMs: 8000 });
      assert.equal(store.purge(5000), 1);
      assert.equal(store.get('old'), undefined);
      assert.equal(store.get('new')?.status, 'failed');
      assert.equal(store.get('waiting')?.status, 'queued');
      assert.equal(store.submit(draft('again', { idempotencyKey: 'k' })).created, true);
      store.close();
    });
  });
}

test('the SQLite jobs store keeps jobs, leases and results across a reopen', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteJobsStore(file);
  first.submit(draft('a', { idempotencyKey: 'k' }));
  first.submit(draft('b', { createdAtMs: 1001 }));
  first.claim({ nowMs: 2000, token: 't', leaseMs: 1000 });
  first.settle('a', 't', { kind: 'succeeded', result: '{"x":1}', nowMs: 2100 });
  first.claim({ nowMs: 2200, token: 'u', leaseMs: 1000 });
  first.close();
  const second = createSqliteJobsStore(file);
  assert.equal(second.get('a')?.result, '{"x":1}');
  assert.equal(second.submit(draft('z', { idempotencyKey: 'k' })).job.id, 'a');
  assert.equal(second.get('b')?.status, 'running');
  assert.equal(second.requeueExpired(5000), 1);
  assert.equal(second.get('b')?.status, 'queued');
  second.close();
});
