import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRelayStep, planRelay } from './plan-relay.ts';

const providers = ['claude-a', 'claude-b', 'claude-c'];

test('a path naming a resource of a known account goes to that account only', () => {
  assert.deepEqual(planRelay({ providers, modelTargets: undefined, pinned: 'claude-b' }), [
    { provider: 'claude-b', model: undefined },
  ]);
});

test("a body naming a routed model goes to the route's targets of this vendor, each with its model", () => {
  const modelTargets = [
    { provider: 'gpt', model: 'gpt-5', weight: 1 },
    { provider: 'claude-c', model: 'claude-haiku-4-5', weight: 1 },
    { provider: 'claude-a', model: 'claude-sonnet-4-6', weight: 1 },
  ];
  assert.deepEqual(planRelay({ providers, modelTargets, pinned: undefined }), [
    { provider: 'claude-c', model: 'claude-haiku-4-5' },
    { provider: 'claude-a', model: 'claude-sonnet-4-6' },
  ]);
});

test('anything else goes to every account of the vendor in config order', () => {
  const elsewhere = [{ provider: 'gpt', model: 'gpt-5', weight: 1 }];
  for (const modelTargets of [undefined, elsewhere]) {
    assert.deepEqual(
      planRelay({ providers, modelTargets, pinned: undefined }).map((candidate) => candidate.provider),
      providers,
    );
  }
  assert.deepEqual(
    planRelay({ providers, modelTargets: undefined, pinned: 'gone' }).map((candidate) => candidate.provider),
    providers,
  );
});

test("failures, overload, throttling and the gateway's own credential problems move on; client mistakes do not", () => {
  for (const status of [408, 429, 500, 502, 503, 529, 401, 403]) {
    assert.equal(decideRelayStep({ status }, false), 'next', String(status));
  }
  assert.equal(decideRelayStep({ failure: true }, true), 'next');
  for (const status of [200, 201, 204, 400, 409, 413, 422]) {
    assert.equal(decideRelayStep({ status }, false), 'answer', String(status));
  }
});

test('a 404 moves on unless the resource is known to live in the account that said it', () => {
  assert.equal(decideRelayStep({ status: 404 }, false), 'next');
  assert.equal(decideRelayStep({ status: 404 }, true), 'answer');
});
