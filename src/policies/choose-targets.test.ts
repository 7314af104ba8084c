import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CandidateTarget, orderTargets, type TargetHealth } from './choose-targets.ts';

function target(health: Partial<TargetHealth> = {}, weight = 1): CandidateTarget {
  return { weight, health: { availability: 'available', outstanding: 0, ...health } };
}

function scripted(...draws: number[]): () => number {
  let index = 0;
  return () => draws[index++ % draws.length]!;
}

describe('fallback', () => {
  test('keeps config order', () => {
    const order = orderTargets({ strategy: 'fallback', targets: [target(), target(), target()], random: Math.random });
    assert.deepEqual(order, [0, 1, 2]);
  });

  test('skips open, cooling-down, disabled and saturated targets', () => {
    const targets = [
      target({ availability: 'open' }),
      target({ availability: 'cooling-down' }),
      target(),
      target({ availability: 'disabled' }),
      target({ availability: 'saturated' }),
      target(),
    ];
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets, random: Math.random }), [2, 5]);
  });

  test('keeps a half-open target with a free probe in its place', () => {
    const targets = [target({ availability: 'probe' }), target()];
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets, random: Math.random }), [0, 1]);
  });

  test('gives nothing for a route without targets', () => {
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets: [], random: Math.random }), []);
  });
});

describe('when no target is usable', () => {
  test('tries the least recently failed target alone', () => {
    const targets = [
      target({ availability: 'open', lastFailureAt: 3000 }),
      target({ availability: 'cooling-down', lastFailureAt: 1000 }),
      target({ availability: 'open', lastFailureAt: 2000 }),
    ];
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets, random: Math.random }), [1]);
    assert.deepEqual(orderTargets({ strategy: 'balance', targets, random: Math.random }), [1]);
  });

  test('prefers a target that is not disabled', () => {
    const targets = [
      target({ availability: 'disabled', lastFailureAt: 1000 }),
      target({ availability: 'open', lastFailureAt: 2000 }),
    ];
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets, random: Math.random }), [1]);
  });

  test('takes the first of equally old failures', () => {
    const targets = [target({ availability: 'saturated' }), target({ availability: 'saturated' })];
    assert.deepEqual(orderTargets({ strategy: 'fallback', targets, random: Math.random }), [0]);
  });
});

describe('balance', () => {
  test('puts the target with fewer requests in flight first', () => {
    const targets = [target({ outstanding: 5 }), target({ outstanding: 1 })];
    assert.deepEqual(orderTargets({ strategy: 'balance', targets, random: scripted(0) }), [1, 0]);
  });

  test('compares latency when requests in flight are equal', () => {
    const targets = [target({ ewmaLatencyMs: 900 }), target({ ewmaLatencyMs: 300 })];
    assert.deepEqual(orderTargets({ strategy: 'balance', targets, random: scripted(0) }), [1, 0]);
  });

  test('keeps the first pick when nothing tells the two apart', () => {
    const targets = [target(), target()];
    assert.deepEqual(orderTargets({ strategy: 'balance', targets, random: scripted(0.9, 0) }), [1, 0]);
  });

  test('samples the pair by weight', () => {
    const targets = [target({}, 1), target({}, 1), target({}, 8)];
    // 0.5 × 10 falls in the weight of target 2; then 0.9 × 2 falls in target 1.
    assert.deepEqual(orderTargets({ strategy: 'balance', targets, random: scripted(0.5, 0.9) }), [2, 1, 0]);
  });

  test('sends most traffic to the heaviest of idle targets', () => {
    const targets = [target({}, 1), target({}, 9)];
    let seed = 1;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    let heavyFirst = 0;
    for (let request = 0; request < 1000; request++) {
      if (orderTargets({ strategy: 'balance', targets, random })[0] === 1) heavyFirst++;
    }
    assert.ok(heavyFirst > 850, `heavy target first ${heavyFirst} times in 1000`);
  });

  test('leaves unusable targets out', () => {
    const targets = [target({ availability: 'open' }), target(), target({ availability: 'disabled' }), target()];
    const order = orderTargets({ strategy: 'balance', targets, random: scripted(0.3, 0.6) });
    assert.deepEqual([...order].sort(), [1, 3]);
  });
});
