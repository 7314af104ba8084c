import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAttemptSignal } from './attempt-signal.ts';

test('aborts when the client aborts', () => {
  const client = new AbortController();
  const attempt = createAttemptSignal(client.signal, 60_000);
  client.abort();
  assert.equal(attempt.signal.aborted, true);
  attempt.release();
});

test('aborts when the deadline passes', (context) => {
  context.mock.timers.enable({ apis: ['setTimeout'] });
  const attempt = createAttemptSignal(new AbortController().signal, 1000);
  context.mock.timers.tick(999);
  assert.equal(attempt.signal.aborted, false);
  context.mock.timers.tick(1);
  assert.equal(attempt.signal.aborted, true);
  assert.equal((attempt.signal.reason as DOMException).name, 'TimeoutError');
});

test('no longer aborts after release', (context) => {
  context.mock.timers.enable({ apis: ['setTimeout'] });
  const client = new AbortController();
  const attempt = createAttemptSignal(client.signal, 1000);
  attempt.release();
  context.mock.timers.tick(5000);
  client.abort();
  assert.equal(attempt.signal.aborted, false);
});

test('starts aborted for a client that already left', () => {
  const client = new AbortController();
  client.abort();
  assert.equal(createAttemptSignal(client.signal, 1000).signal.aborted, true);
});
