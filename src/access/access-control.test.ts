import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutlastError } from '../errors/outlast-error.ts';
import { createMemoryKeysStore } from '../store/keys/memory-keys-store.ts';
import { createAccessControl } from './access-control.ts';

function setUp(startMs = Date.UTC(2026, 10, 2, 12)) {
  const clock = { nowMs: startMs };
  const store = createMemoryKeysStore();
  const access = createAccessControl({ store, now: () => clock.nowMs, spendFlushMs: 60_000 });
  return { clock, store, access };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(OutlastError.isOutlastError(error));
    return error.code;
  }
}

const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` }, search: '' });

test('accepts any key until the first key exists, then requires a valid one', () => {
  const { access } = setUp();
  assert.equal(access.enforcing(), false);
  assert.equal(access.authenticate(bearer('anything')), undefined);
  const { key, id } = access.createKey({ name: 'bot' });
  assert.equal(access.enforcing(), true);
  assert.deepEqual(access.authenticate(bearer(key)), { keyId: id, keyName: 'bot' });
  assert.equal(
    codeOf(() => access.authenticate(bearer('anything'))),
    'OUTLAST_UNAUTHORIZED',
  );
  assert.equal(
    codeOf(() => access.authenticate({ headers: {}, search: '' })),
    'OUTLAST_UNAUTHORIZED',
  );
  access.close();
});

test('refuses a revoked key at once, and the old secret after a rotation', () => {
  const { access } = setUp();
  const first = access.createKey({ name: 'a' });
  const rotated = access.rotateKey(first.id);
  assert.ok(rotated);
  assert.equal(
    codeOf(() => access.authenticate(bearer(first.key))),
    'OUTLAST_UNAUTHORIZED',
  );
  assert.equal(access.authenticate(bearer(rotated.key))?.keyId, first.id);
  assert.equal(access.revokeKey(first.id), true);
  assert.equal(
    codeOf(() => access.authenticate(bearer(rotated.key))),
    'OUTLAST_UNAUTHORIZED',
  );
  assert.equal(access.rotateKey(first.id), undefined);
  assert.equal(access.enforcing(), true, 'revoking the last key must not open the gateway');
  access.close();
});

test('refuses an expired key', () => {
  const { access, clock } = setUp();
  const { key } = access.createKey({ name: 'a', expiresInS: 60 });
  assert.ok(access.authenticate(bearer(key)));
  clock.nowMs += 60_000;
  assert.equal(
    codeOf(() => access.authenticate(bearer(key))),
    'OUTLAST_UNAUTHORIZED',
  );
  assert.equal(access.listKeys()[0]?.status, 'expired');
  access.close();
});

test('a route-scoped key may ask only for its routes', () => {
  const { access } = setUp();
  const { key } = access.createKey({ name: 'a', routes: ['smart', 'fast'] });
  const client = access.authenticate(bearer(key))!;
  assert.doesNotThrow(() => access.admit({ client, model: 'fast', estimatedTokens: 1 }));
  assert.equal(
    codeOf(() => access.admit({ client, model: 'gpt-5', estimatedTokens: 1 })),
    'OUTLAST_FORBIDDEN_ROUTE',
  );
  access.close();
});

test('the RPM limit refuses with the wait until a request is allowed again', () => {
  const { access, clock } = setUp();
  const { key } = access.createKey({ name: 'a', rpm: 2 });
  const client = access.authenticate(bearer(key))!;
  access.admit({ client, model: 'm', estimatedTokens: 1 });
  access.admit({ client, model: 'm', estimatedTokens: 1 });
  try {
    access.admit({ client, model: 'm', estimatedTokens: 1 });
    assert.fail('expected a rate limit');
  } catch (error) {
    assert.ok(OutlastError.isOutlastError(error));
    assert.equal(error.code, 'OUTLAST_KEY_RATE_LIMITED');
    assert.equal(error.retryAfterMs, 30_000);
  }
  clock.nowMs += 30_000;
  assert.doesNotThrow(() => access.admit({ client, model: 'm', estimatedTokens: 1 }));
  access.close();
});

test('a wait longer than the SDKs honour comes with x-should-retry: false', () => {
  const { access } = setUp();
  const { key } = access.createKey({ name: 'a', tpm: 100 });
  const client = access.authenticate(bearer(key))!;
  access.admit({ client, model: 'm', estimatedTokens: 100 });
  access.settle({ client, estimatedTokens: 100, usedTokens: 300, costUsd: 0 });
  try {
    access.admit({ client, model: 'm', estimatedTokens: 10 });
    assert.fail('expected a rate limit');
  } catch (error) {
    assert.ok(OutlastError.isOutlastError(error));
    assert.equal(error.code, 'OUTLAST_KEY_RATE_LIMITED');
    assert.ok(error.retryAfterMs! > 60_000);
    assert.equal(error.shouldRetry, false);
  }
  access.close();
});

test('TPM charges the estimate, then settles with the real usage', () => {
  const { access } = setUp();
  const { key } = access.createKey({ name: 'a', tpm: 1_000 });
  const client = access.authenticate(bearer(key))!;
  access.admit({ client, model: 'm', estimatedTokens: 900 });
  assert.equal(
    codeOf(() => access.admit({ client, model: 'm', estimatedTokens: 200 })),
    'OUTLAST_KEY_RATE_LIMITED',
  );
  access.settle({ client, estimatedTokens: 900, usedTokens: 100, costUsd: 0 });
  assert.doesNotThrow(() => access.admit({ client, model: 'm', estimatedTokens: 200 }));
  access.close();
});

test('a monthly budget stops the key once spend reaches it, until the month starts over', () => {
  const { access, clock, store } = setUp(Date.UTC(2026, 10, 30, 12));
  const { key, id } = access.createKey({ name: 'a', budgetUsd: 1 });
  const client = access.authenticate(bearer(key))!;
  access.admit({ client, model: 'm', estimatedTokens: 1 });
  access.settle({ client, estimatedTokens: 1, usedTokens: 10, costUsd: 0.6 });
  access.admit({ client, model: 'm', estimatedTokens: 1 });
  access.settle({ client, estimatedTokens: 1, usedTokens: 10, costUsd: 0.6 });
  try {
    access.admit({ client, model: 'm', estimatedTokens: 1 });
    assert.fail('expected the budget to stop the key');
  } catch (error) {
    assert.ok(OutlastError.isOutlastError(error));
    assert.equal(error.code, 'OUTLAST_BUDGET_EXCEEDED');
    assert.equal(error.shouldRetry, false);
    assert.equal(error.retryAfterMs, 12 * 3_600_000);
  }
  access.flush();
  assert.ok(Math.abs(store.spendOf(id, '2026-11-30').monthUsd - 1.2) < 1e-9);
  clock.nowMs = Date.UTC(2026, 11, 1, 0, 0, 1);
  assert.doesNotThrow(() => access.admit({ client, model: 'm', estimatedTokens: 1 }));
  access.close();
});

test('a daily budget starts over at midnight UTC', () => {
  const { access, clock } = setUp(Date.UTC(2026, 10, 2, 23));
  const { key } = access.createKey({ name: 'a', budgetDailyUsd: 0.5 });
  const client = access.authenticate(bearer(key))!;
  access.settle({ client, estimatedTokens: 0, usedTokens: 0, costUsd: 0.5 });
  assert.equal(
    codeOf(() => access.admit({ client, model: 'm', estimatedTokens: 1 })),
    'OUTLAST_BUDGET_EXCEEDED',
  );
  clock.nowMs += 3_600_000;
  assert.doesNotThrow(() => access.admit({ client, model: 'm', estimatedTokens: 1 }));
  access.close();
});

test('spend written to the store is seen by a new access control over it (a restart)', () => {
  const { access, store } = setUp();
  const { key } = access.createKey({ name: 'a', budgetUsd: 1 });
  const client = access.authenticate(bearer(key))!;
  access.settle({ client, estimatedTokens: 0, usedTokens: 0, costUsd: 2 });
  access.close();
  const restarted = createAccessControl({ store, now: () => Date.UTC(2026, 10, 2, 13) });
  const again = restarted.authenticate(bearer(key))!;
  assert.equal(
    codeOf(() => restarted.admit({ client: again, model: 'm', estimatedTokens: 1 })),
    'OUTLAST_BUDGET_EXCEEDED',
  );
  restarted.close();
});
