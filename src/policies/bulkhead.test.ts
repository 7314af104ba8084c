import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBulkhead } from './bulkhead.ts';

test('lets up to limit attempts in and refuses the next one', () => {
  const bulkhead = createBulkhead({ limit: 2 });
  assert.deepEqual([bulkhead.tryEnter(), bulkhead.tryEnter(), bulkhead.tryEnter()], [true, true, false]);
  assert.equal(bulkhead.inFlight(), 2);
});

test('has room again after a leave', () => {
  const bulkhead = createBulkhead({ limit: 1 });
  bulkhead.tryEnter();
  bulkhead.leave();
  assert.equal(bulkhead.tryEnter(), true);
});

test('ignores a leave without an enter', () => {
  const bulkhead = createBulkhead({ limit: 1 });
  bulkhead.leave();
  assert.equal(bulkhead.inFlight(), 0);
  assert.equal(bulkhead.tryEnter(), true);
  assert.equal(bulkhead.tryEnter(), false);
});

test('never refuses when the limit is Infinity', () => {
  const bulkhead = createBulkhead({ limit: Number.POSITIVE_INFINITY });
  for (let attempt = 0; attempt < 10_000; attempt++) assert.equal(bulkhead.tryEnter(), true);
});

test('refuses everything when the limit is zero', () => {
  assert.equal(createBulkhead({ limit: 0 }).tryEnter(), false);
});

test('rejects a negative limit', () => {
  assert.throws(() => createBulkhead({ limit: -1 }), RangeError);
});
