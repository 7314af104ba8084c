import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createMemoryLru } from './create-memory-lru.ts';

test('evicts the least recently used entry when over the entry bound', () => {
  const lru = createMemoryLru<string>({ maxEntries: 2, maxBytes: 1000 });
  lru.set('a', 'A', 1);
  lru.set('b', 'B', 1);
  assert.equal(lru.get('a'), 'A');
  lru.set('c', 'C', 1);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 'A');
  assert.equal(lru.get('c'), 'C');
});

test('evicts until the byte bound holds, and never keeps a value larger than the bound', () => {
  const lru = createMemoryLru<string>({ maxEntries: 10, maxBytes: 10 });
  lru.set('a', 'A', 4);
  lru.set('b', 'B', 4);
  lru.set('c', 'C', 4);
  assert.equal(lru.get('a'), undefined);
  assert.equal(lru.bytes, 8);
  lru.set('huge', 'H', 11);
  assert.equal(lru.get('huge'), undefined);
});

test('both bounds hold after any sequence of sets', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 40 }))),
      (sets) => {
        const lru = createMemoryLru<number>({ maxEntries: 3, maxBytes: 50 });
        for (const [key, bytes] of sets) lru.set(key, bytes, bytes);
        assert.ok(lru.size <= 3 && lru.bytes <= 50);
      },
    ),
  );
});
