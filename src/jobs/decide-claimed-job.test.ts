import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideClaimedJob, healthWaitMs } from './decide-claimed-job.ts';

const base = { nowMs: 10_000, deadlineAtMs: 60_000, attempts: 0, maxAttempts: 3, availability: ['available' as const] };

test('dispatches a due job whose route has a healthy target', () => {
  assert.deepEqual(decideClaimedJob(base), { action: 'dispatch' });
});

test('fails a job claimed at or after its deadline', () => {
  assert.deepEqual(decideClaimedJob({ ...base, nowMs: 60_000 }), { action: 'fail', reason: 'deadline' });
});

test('fails a job whose attempts were spent before a crash', () => {
  assert.deepEqual(decideClaimedJob({ ...base, attempts: 3 }), { action: 'fail', reason: 'attempts-spent' });
});

test('defers without an attempt while every target of the route is out', () => {
  assert.deepEqual(decideClaimedJob({ ...base, availability: ['open', 'cooling-down'] }), {
    action: 'defer',
    untilMs: 10_000 + healthWaitMs,
  });
});

test('never defers past the deadline', () => {
  assert.deepEqual(decideClaimedJob({ ...base, deadlineAtMs: 10_100, availability: ['disabled'] }), {
    action: 'defer',
    untilMs: 10_100,
  });
});

test('a route the health view does not know is dispatched (the pipeline says why it fails)', () => {
  assert.deepEqual(decideClaimedJob({ ...base, availability: undefined }), { action: 'dispatch' });
});
