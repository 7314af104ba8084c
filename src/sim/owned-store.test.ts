import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOwnedStore, type OwnedItem } from './owned-store.ts';
import { pageOf } from './resource-page.ts';

const item = (id: string, owner: string, sizeBytes = 1): OwnedItem => ({ id, owner, sizeBytes });

describe('an owned store', () => {
  it('shows an item only to its owner', () => {
    const store = createOwnedStore<OwnedItem>({ usedBytes: 0, maxBytes: 100 }, 10);
    store.add(item('a', 'alice'));
    assert.equal(store.get('bob', 'a'), undefined);
    assert.equal(store.remove('bob', 'a'), undefined);
    assert.deepEqual(store.list('bob'), []);
    assert.equal(store.get('alice', 'a')?.id, 'a');
  });

  it('finds an item by id whoever owns it', () => {
    const store = createOwnedStore<OwnedItem>({ usedBytes: 0, maxBytes: 100 }, 10);
    store.add(item('a', 'alice'));
    assert.equal(store.find('a')?.owner, 'alice');
    assert.equal(store.find('b'), undefined);
  });

  it('refuses an item beyond the byte budget or the item count, and frees bytes on removal', () => {
    const budget = { usedBytes: 0, maxBytes: 10 };
    const store = createOwnedStore<OwnedItem>(budget, 2);
    assert.equal(store.add(item('a', 'o', 8)), true);
    assert.equal(store.add(item('b', 'o', 3)), false);
    assert.equal(store.add(item('c', 'o', 2)), true);
    assert.equal(store.add(item('d', 'o', 0)), false);
    store.remove('o', 'a');
    assert.equal(budget.usedBytes, 2);
    store.clear();
    assert.equal(budget.usedBytes, 0);
  });

  it('grows an item only within the budget', () => {
    const budget = { usedBytes: 0, maxBytes: 10 };
    const store = createOwnedStore<OwnedItem>(budget, 5);
    const grown = item('a', 'o', 5);
    store.add(grown);
    assert.equal(store.resize(grown, 11), false);
    assert.equal(store.resize(grown, 9), true);
    assert.equal(store.resize(grown, 0), true);
    assert.equal(budget.usedBytes, 0);
  });
});

describe('pageOf', () => {
  const listing = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  const ids = (page: { items: { id: string }[] }) => page.items.map((entry) => entry.id);

  it('pages forward after a cursor and backward before one', () => {
    assert.deepEqual(ids(pageOf(listing, { limit: 2 })), ['a', 'b']);
    assert.equal(pageOf(listing, { limit: 2 }).hasMore, true);
    assert.deepEqual(ids(pageOf(listing, { afterId: 'c', limit: 5 })), ['d', 'e']);
    assert.equal(pageOf(listing, { afterId: 'c', limit: 5 }).hasMore, false);
    assert.deepEqual(ids(pageOf(listing, { beforeId: 'd', limit: 2 })), ['b', 'c']);
    assert.equal(pageOf(listing, { beforeId: 'd', limit: 2 }).hasMore, true);
    assert.deepEqual(ids(pageOf(listing, { afterId: 'zz', limit: 2 })), []);
  });
});
