import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequestId } from './create-request-id.ts';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a request id is a UUIDv7 whose first 48 bits are the epoch milliseconds', () => {
  const id = createRequestId(Date.UTC(2026, 10, 23, 14, 0, 0));
  assert.match(id, uuidV7);
  assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), Date.UTC(2026, 10, 23, 14, 0, 0));
});

test('request ids sort in the order of their milliseconds', () => {
  const ids = [1_000, 2_000, 65_536, 1_800_000_000_000, 1_800_000_000_001].map((ms) => createRequestId(ms));
  assert.deepEqual([...ids].sort(), ids);
});

test('ten thousand ids drawn in one millisecond are all different and all well formed', () => {
  const ids = new Set<string>();
  for (let index = 0; index < 10_000; index++) {
    const id = createRequestId(1_800_000_000_000);
    assert.match(id, uuidV7);
    ids.add(id);
  }
  assert.equal(ids.size, 10_000);
});
