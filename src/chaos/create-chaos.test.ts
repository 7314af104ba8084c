import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { createChaos } from './create-chaos.ts';

function adapter(format: ProviderAdapter['format']): ProviderAdapter & { calls: number } {
  const real = {
    specificationVersion: 'outlast-adapter-v1' as const,
    providerId: 'anthropic',
    type: 'anthropic',
    format,
    calls: 0,
    async forward() {
      real.calls += 1;
      return { status: 200, headers: {}, body: Readable.from(['{}']) };
    },
    async close() {},
  };
  return real;
}

const request = {
  operation: 'messages' as const,
  model: 'claude-sonnet-4-6',
  body: '{}',
  stream: false,
  passHeaders: {},
  search: '',
};
const options = () => ({ signal: new AbortController().signal, headersTimeoutMs: 1000, idleTimeoutMs: 1000 });

test('without a fault the attempt gets the adapter itself (zero cost)', () => {
  const chaos = createChaos({ now: () => 0, random: () => 0 });
  const real = adapter('anthropic');
  assert.equal(chaos.wrap(real, 'claude'), real);
});

test('an injected failure answers a vendor-shaped error without reaching the provider, until it expires', async () => {
  const clock = { ms: 1000 };
  const chaos = createChaos({ now: () => clock.ms, random: () => 0 });
  const added = chaos.add({ provider: 'anthropic', status: 529, for: '90s' });
  assert.ok(added.ok);
  const real = adapter('anthropic');
  const response = await chaos.wrap(real, 'claude').forward(request, options());
  assert.equal(response.status, 529);
  assert.equal(response.headers['x-outlast-chaos'], added.fault.id);
  const body = JSON.parse((await response.body.toArray()).join('')) as { error: { type: string } };
  assert.equal(body.error.type, 'overloaded_error');
  assert.equal(real.calls, 0);
  clock.ms += 90_000;
  assert.equal(chaos.wrap(real, 'claude'), real, 'expired: the adapter itself again');
  assert.deepEqual(chaos.list(), []);
});

test('an OpenAI target gets an OpenAI error body', async () => {
  const chaos = createChaos({ now: () => 0, random: () => 0 });
  chaos.add({ provider: 'anthropic', status: 503 });
  const response = await chaos.wrap(adapter('openai'), 'gpt').forward(request, options());
  const body = JSON.parse((await response.body.toArray()).join('')) as { error: { type: string } };
  assert.equal(body.error.type, 'server_error');
});

test('a fault of another model, or one removed, lets the attempt through', async () => {
  const chaos = createChaos({ now: () => 0, random: () => 0 });
  const added = chaos.add({ provider: 'anthropic', model: 'claude-opus-*' });
  assert.ok(added.ok);
  const real = adapter('anthropic');
  assert.equal((await chaos.wrap(real, 'claude-haiku-4-5').forward(request, options())).status, 200);
  assert.equal(chaos.remove(added.fault.id), true);
  assert.equal(chaos.remove(added.fault.id), false);
  assert.equal(chaos.wrap(real, 'claude-opus-4-6'), real);
});

test('a fault with a bad field is refused, naming it', () => {
  const chaos = createChaos({ now: () => 0, random: () => 0 });
  const refused = chaos.add({ provider: 'anthropic', status: 200, for: 'forever' });
  assert.ok(!refused.ok);
  assert.deepEqual(
    refused.problems.map((problem) => problem.path),
    ['status', 'for'],
  );
});
