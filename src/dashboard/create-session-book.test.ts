import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSessionBook } from './create-session-book.ts';

test('a session id is random, long and valid until it has been idle for the time to live', () => {
  const clock = { ms: 0 };
  const sessions = createSessionBook({ now: () => clock.ms, ttlMs: 1000 });
  const first = sessions.open();
  const second = sessions.open();
  assert.notEqual(first, second);
  assert.ok(first.length >= 40);
  clock.ms = 900;
  assert.equal(sessions.isValid(first), true, 'use slides the expiry');
  clock.ms = 1500;
  assert.equal(sessions.isValid(first), true);
  assert.equal(sessions.isValid(second), false, 'idle for longer than the time to live');
  clock.ms = 2600;
  assert.equal(sessions.isValid(first), false);
});

test('a closed, unknown or empty session id is refused', () => {
  const sessions = createSessionBook({ now: () => 0 });
  const id = sessions.open();
  sessions.close(id);
  assert.equal(sessions.isValid(id), false);
  assert.equal(sessions.isValid('made-up'), false);
  assert.equal(sessions.isValid(''), false);
  assert.equal(sessions.isValid(undefined), false);
});

test('a flood of logins keeps at most maxSessions, dropping the oldest', () => {
  let counter = 0;
  const sessions = createSessionBook({ now: () => 0, maxSessions: 3, randomId: () => `id-${counter++}` });
  const ids = Array.from({ length: 5 }, () => sessions.open());
  assert.deepEqual(
    ids.map((id) => sessions.isValid(id)),
    [false, false, true, true, true],
  );
});
