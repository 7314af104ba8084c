import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChaosFault } from './chaos-fault.ts';
import { decideChaos } from './decide-chaos.ts';

const fault = (overrides: Partial<ChaosFault> = {}): ChaosFault => ({
  id: 'flt_1',
  provider: 'anthropic',
  status: 503,
  rate: 0.5,
  latencyMs: 0,
  createdAt: 0,
  expiresAt: 10_000,
  ...overrides,
});

test('a matching attempt fails when the draw falls under the rate, and passes otherwise', () => {
  const attempt = { provider: 'anthropic', model: 'claude-sonnet-4-6', nowMs: 1000 };
  assert.deepEqual(decideChaos([fault()], { ...attempt, draw: 0.2 }), {
    action: 'fail',
    status: 503,
    latencyMs: 0,
    faultId: 'flt_1',
  });
  assert.deepEqual(decideChaos([fault()], { ...attempt, draw: 0.7 }), { action: 'pass' });
  assert.deepEqual(decideChaos([fault({ latencyMs: 200 })], { ...attempt, draw: 0.7 }), {
    action: 'delay',
    latencyMs: 200,
    faultId: 'flt_1',
  });
});

test('another provider, another model or an expired fault leaves the attempt alone', () => {
  const base = { model: 'claude-sonnet-4-6', nowMs: 1000, draw: 0 };
  assert.equal(decideChaos([fault()], { ...base, provider: 'openai' }).action, 'pass');
  assert.equal(decideChaos([fault({ model: 'claude-opus-*' })], { ...base, provider: 'anthropic' }).action, 'pass');
  assert.equal(decideChaos([fault({ model: 'claude-sonnet-*' })], { ...base, provider: 'anthropic' }).action, 'fail');
  assert.equal(decideChaos([fault()], { ...base, provider: 'anthropic', nowMs: 10_000 }).action, 'pass');
  assert.equal(
    decideChaos([fault({ model: 'x' })], { ...base, provider: 'anthropic', model: undefined }).action,
    'pass',
  );
});

test('an expired fault never fails an attempt, and rate 0 never does either (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 100_000 }),
      fc.double({ min: 0, max: 0.9999, noNaN: true }),
      (nowMs, draw) => {
        const expired = decideChaos([fault({ expiresAt: nowMs })], { provider: 'anthropic', model: 'm', nowMs, draw });
        const never = decideChaos([fault({ rate: 0, expiresAt: nowMs + 1 })], {
          provider: 'anthropic',
          model: 'm',
          nowMs,
          draw,
        });
        return expired.action !== 'fail' && never.action !== 'fail';
      },
    ),
  );
});
