import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type HealthState, healthStates } from '../core/monitoring.ts';
import {
  computeHealthState,
  type HealthEvidence,
  type HealthMemory,
  type HealthOptions,
  rawHealthState,
  unknownHealth,
  updateBaseline,
  worstState,
} from './compute-health-state.ts';

const options: HealthOptions = {
  minVolume: 3,
  minErrors: 3,
  degradedErrorRate: 0.05,
  partialErrorRate: 0.25,
  majorErrorRate: 0.6,
  latencyFactor: 3,
  ttfbThresholdMs: 10_000,
  confirmDown: 2,
  confirmUp: 3,
};

const failing: HealthEvidence = { ok: 0, error: 10, fresh: true };
const healthy: HealthEvidence = { ok: 10, error: 0, fresh: true };

describe('rawHealthState', () => {
  test('gives no verdict below the minimum volume', () => {
    assert.equal(rawHealthState({ ok: 1, error: 1, fresh: true }, options), undefined);
  });
  test('a single failure among successes is no outage', () => {
    assert.equal(rawHealthState({ ok: 2, error: 1, fresh: true }, options), 'operational');
  });
  test('maps error rates to partial and major outage', () => {
    assert.equal(rawHealthState({ ok: 6, error: 4, fresh: true }, options), 'partial_outage');
    assert.equal(rawHealthState(failing, options), 'major_outage');
  });
  test('an open breaker means at least a partial outage, even without volume', () => {
    assert.equal(rawHealthState({ ok: 0, error: 0, fresh: true, breakerOpen: true }, options), 'partial_outage');
    assert.equal(rawHealthState({ ...failing, breakerOpen: true }, options), 'major_outage');
  });
  test('a median TTFT over the baseline times the factor or over the threshold is degraded', () => {
    assert.equal(rawHealthState({ ...healthy, p50TtfbMs: 1000, baselineTtfbMs: 200 }, options), 'degraded');
    assert.equal(rawHealthState({ ...healthy, p50TtfbMs: 500, baselineTtfbMs: 200 }, options), 'operational');
    assert.equal(rawHealthState({ ...healthy, p50TtfbMs: 15_000 }, options), 'degraded');
  });
});

describe('computeHealthState', () => {
  test('goes down after confirm_down fresh failing evaluations and back after confirm_up healthy ones', () => {
    let memory = computeHealthState(healthy, unknownHealth, options);
    assert.equal(memory.state, 'operational');
    memory = computeHealthState(failing, memory, options);
    assert.equal(memory.state, 'operational');
    memory = computeHealthState(failing, memory, options);
    assert.equal(memory.state, 'major_outage');
    memory = computeHealthState(healthy, memory, options);
    memory = computeHealthState(healthy, memory, options);
    assert.equal(memory.state, 'major_outage');
    memory = computeHealthState(healthy, memory, options);
    assert.equal(memory.state, 'operational');
  });
  test('stale evidence (no new samples) confirms nothing', () => {
    let memory = computeHealthState(healthy, unknownHealth, options);
    memory = computeHealthState(failing, memory, options);
    memory = computeHealthState({ ...failing, fresh: false }, memory, options);
    memory = computeHealthState({ ...failing, fresh: false }, memory, options);
    assert.equal(memory.state, 'operational');
  });
  test('no data leaves the state unknown', () => {
    assert.equal(computeHealthState({ ok: 0, error: 0, fresh: true }, unknownHealth, options).state, undefined);
  });
});

const evidence = fc.record({
  ok: fc.nat(20),
  error: fc.nat(20),
  fresh: fc.boolean(),
  p50TtfbMs: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
  baselineTtfbMs: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
});
const memory: fc.Arbitrary<HealthMemory> = fc.record({
  state: fc.option(fc.constantFrom<HealthState>(...healthStates), { nil: undefined }),
  streak: fc.nat(5),
  direction: fc.constantFrom<'worse' | 'better' | undefined>('worse', 'better', undefined),
});

describe('hysteresis invariants', () => {
  test('one evaluation never moves a state that has no streak (confirm rules are at least 2)', () => {
    fc.assert(
      fc.property(evidence, fc.constantFrom<HealthState>(...healthStates), (input, state) => {
        const next = computeHealthState(input, { state, streak: 0, direction: undefined }, options);
        assert.equal(next.state, state);
      }),
    );
  });
  test('without fresh samples the memory is returned unchanged', () => {
    fc.assert(
      fc.property(evidence, memory, (input, previous) => {
        assert.deepEqual(computeHealthState({ ...input, fresh: false }, previous, options), previous);
      }),
    );
  });
  test('alternating failing and healthy windows never change the state (no flapping)', () => {
    fc.assert(
      fc.property(fc.constantFrom<HealthState>(...healthStates), fc.integer({ min: 1, max: 30 }), (state, rounds) => {
        let current: HealthMemory = { state, streak: 0, direction: undefined };
        for (let round = 0; round < rounds; round++) {
          current = computeHealthState(failing, current, options);
          current = computeHealthState(healthy, current, options);
        }
        assert.equal(current.state, state);
      }),
    );
  });
  test('a state only changes to the verdict of the evaluation that confirmed it', () => {
    fc.assert(
      fc.property(evidence, memory, (input, previous) => {
        const next = computeHealthState(input, previous, options);
        if (next.state !== previous.state && previous.state !== undefined) {
          assert.equal(next.state, rawHealthState(input, options));
        }
      }),
    );
  });
});

test('the baseline follows healthy medians slowly and worstState picks the worst', () => {
  assert.equal(updateBaseline(undefined, 200), 200);
  assert.equal(updateBaseline(200, 300), 210);
  assert.equal(worstState(['degraded', undefined, 'major_outage', 'operational']), 'major_outage');
  assert.equal(worstState([undefined]), undefined);
});
