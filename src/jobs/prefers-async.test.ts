import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefersAsync } from './prefers-async.ts';

test('finds respond-async alone, among other preferences, with parameters and in any case', () => {
  assert.equal(prefersAsync('respond-async'), true);
  assert.equal(prefersAsync('return=minimal, respond-async; foo=bar'), true);
  assert.equal(prefersAsync('Respond-Async, wait=10'), true);
});

test('ignores an absent header and other preferences', () => {
  assert.equal(prefersAsync(undefined), false);
  assert.equal(prefersAsync('wait=10, return=representation'), false);
  assert.equal(prefersAsync('respond-asynchronously'), false);
});
