import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileModelMatcher } from './model-matcher.ts';
import { type RoutingTable, resolveTargets } from './resolve-targets.ts';

const table: RoutingTable = {
  routes: new Map([
    [
      'smart',
      {
        strategy: 'fallback' as const,
        targets: [
          { provider: 'anthropic', model: 'claude-sonnet-4-5', weight: 1 },
          { provider: 'openai', model: 'gpt-5', weight: 1 },
        ],
      },
    ],
  ]),
  providers: [
    { id: 'anthropic', format: 'anthropic', serves: compileModelMatcher(['claude-*']) },
    { id: 'openai', format: 'openai', serves: compileModelMatcher(['gpt-*', 'text-embedding-*']) },
    { id: 'local', format: 'openai', serves: compileModelMatcher(['*']) },
  ],
};

test('a route name gives the route targets in order', () => {
  assert.deepEqual(
    resolveTargets(table, 'smart', 'openai')?.map((target) => target.provider),
    ['anthropic', 'openai'],
  );
});

test('a provider/model prefix picks that provider and strips the prefix', () => {
  assert.deepEqual(resolveTargets(table, 'local/llama3.1:8b', 'openai'), [
    { provider: 'local', model: 'llama3.1:8b', weight: 1 },
  ]);
});

test('a prefix that names no provider is treated as a plain model name', () => {
  assert.deepEqual(resolveTargets(table, 'meta/llama', 'openai'), [
    { provider: 'local', model: 'meta/llama', weight: 1 },
  ]);
});

test('an unrouted name goes to the first provider of the client format that lists it', () => {
  assert.equal(resolveTargets(table, 'gpt-4o', 'openai')?.[0]?.provider, 'openai');
  assert.equal(resolveTargets(table, 'claude-opus-4-6', 'anthropic')?.[0]?.provider, 'anthropic');
});

test('a name nobody serves gives undefined', () => {
  const strict: RoutingTable = { routes: new Map(), providers: table.providers.slice(0, 2) };
  assert.equal(resolveTargets(strict, 'mystery', 'openai'), undefined);
});

test('model globs match whole names only', () => {
  const matches = compileModelMatcher(['claude-*', 'exact.model']);
  assert.equal(matches('claude-haiku-4-5'), true);
  assert.equal(matches('my-claude-x'), false);
  assert.equal(matches('exact.model'), true);
  assert.equal(matches('exactXmodel'), false);
});
