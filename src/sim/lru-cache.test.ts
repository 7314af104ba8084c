import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLruCache } from './lru-cache.ts';

describe('createLruCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createLruCache<string>({ maxEntries: 2, maxBytes: 100, sizeOf: (value) => value.length });
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.get('a');
    cache.set('c', 'C');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.get('c'), 'C');
  });

  it('evicts by total size and never stores a value larger than maxBytes', () => {
    const cache = createLruCache<string>({ maxEntries: 10, maxBytes: 5, sizeOf: (value) => value.length });
    cache.set('a', 'xxx');
    cache.set('b', 'yyy');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.bytes, 3);
    cache.set('big', 'zzzzzz');
    assert.equal(cache.get('big'), undefined);
    assert.equal(cache.size, 1);
  });

  it('replaces a value under the same key without double counting its size', () => {
    const cache = createLruCache<string>({ maxEntries: 10, maxBytes: 100, sizeOf: (value) => value.length });
    cache.set('a', 'xx');
    cache.set('a', 'xxxx');
    assert.equal(cache.bytes, 4);
    assert.equal(cache.size, 1);
  });
});
