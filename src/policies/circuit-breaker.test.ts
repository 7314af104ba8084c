import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CircuitBreakerOptions, createCircuitBreaker } from './circuit-breaker.ts';

function setup(overrides: Partial<CircuitBreakerOptions> = {}) {
  let nowMs = 1_000_000;
  const clock = {
    advance: (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
  // random 0.5 makes the jitter factor exactly 1.
  const breaker = createCircuitBreaker({ now: clock.now, random: () => 0.5, ...overrides });
  return { breaker, clock };
}

function fail(breaker: ReturnType<typeof setup>['breaker'], times: number) {
  let last: ReturnType<typeof breaker.recordFailure>;
  for (let index = 0; index < times; index++) {
    breaker.tryAcquire();
    last = breaker.recordFailure({ permit: 'allowed' });
  }
  return last;
}

describe('trip rules', () => {
  test('opens after 5 consecutive failures', () => {
    const { breaker } = setup();
    assert.equal(fail(breaker, 4), undefined);
    assert.equal(breaker.state(), 'closed');
    assert.deepEqual(fail(breaker, 1), { from: 'closed', to: 'open' });
    assert.equal(breaker.tryAcquire(), 'rejected');
  });

  test('starts counting again after a success', () => {
    const { breaker } = setup();
    fail(breaker, 4);
    breaker.recordSuccess({ permit: 'allowed' });
    fail(breaker, 4);
    assert.equal(breaker.state(), 'closed');
    assert.equal(breaker.snapshot().consecutiveFailures, 4);
  });

  test('opens when half of at least 20 calls in the window failed', () => {
    const { breaker, clock } = setup();
    let transition: ReturnType<typeof breaker.recordFailure>;
    for (let call = 0; call < 10; call++) {
      breaker.recordSuccess({ permit: 'allowed' });
      transition = breaker.recordFailure({ permit: 'allowed' });
      clock.advance(1000);
    }
    assert.deepEqual(transition, { from: 'closed', to: 'open' });
  });

  test('does not compute a failure rate below minimumCalls', () => {
    const { breaker } = setup();
    for (let call = 0; call < 9; call++) {
      breaker.recordFailure({ permit: 'allowed' });
      breaker.recordSuccess({ permit: 'allowed' });
    }
    breaker.recordFailure({ permit: 'allowed' });
    assert.deepEqual(
      [breaker.state(), breaker.snapshot().windowCalls, breaker.snapshot().windowFailures],
      ['closed', 19, 10],
    );
  });

  test('forgets calls older than the window', () => {
    const { breaker, clock } = setup();
    for (let call = 0; call < 9; call++) {
      breaker.recordFailure({ permit: 'allowed' });
      breaker.recordSuccess({ permit: 'allowed' });
    }
    clock.advance(60_000);
    breaker.recordFailure({ permit: 'allowed' });
    breaker.recordFailure({ permit: 'allowed' });
    assert.equal(breaker.state(), 'closed');
    assert.equal(breaker.snapshot().windowCalls, 2);
  });

  test('counts a slow success as a failure for the rate when slowCallMs is set', () => {
    const { breaker } = setup({ slowCallMs: 10_000, minimumCalls: 4 });
    breaker.recordSuccess({ permit: 'allowed', latencyMs: 200 });
    breaker.recordSuccess({ permit: 'allowed', latencyMs: 200 });
    breaker.recordSuccess({ permit: 'allowed', latencyMs: 15_000 });
    const transition = breaker.recordSuccess({ permit: 'allowed', latencyMs: 15_000 });
    assert.deepEqual(transition, { from: 'closed', to: 'open' });
  });

  test('neither counts nor resets on release', () => {
    const { breaker } = setup();
    fail(breaker, 3);
    breaker.tryAcquire();
    breaker.release('allowed');
    assert.equal(breaker.snapshot().consecutiveFailures, 3);
    assert.equal(breaker.snapshot().windowCalls, 3);
  });
});

describe('open and half-open', () => {
  test('rejects every caller until the open time is up', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(29_999);
    assert.equal(breaker.tryAcquire(), 'rejected');
    assert.equal(breaker.state(), 'open');
    clock.advance(1);
    assert.equal(breaker.state(), 'half-open');
  });

  test('hands out one probe while half-open and rejects everyone else at once', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(30_000);
    assert.equal(breaker.tryAcquire(), 'probe');
    assert.equal(breaker.tryAcquire(), 'rejected');
    assert.equal(breaker.tryAcquire(), 'rejected');
  });

  test('closes on a probe success and resets the counters', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(30_000);
    breaker.tryAcquire();
    assert.deepEqual(breaker.recordSuccess({ permit: 'probe' }), { from: 'half-open', to: 'closed' });
    const snapshot = breaker.snapshot();
    assert.deepEqual(
      [snapshot.state, snapshot.consecutiveFailures, snapshot.windowCalls, snapshot.probesInFlight],
      ['closed', 0, 0, 0],
    );
  });

  test('needs halfOpenProbes successes to close', () => {
    const { breaker, clock } = setup({ halfOpenProbes: 2 });
    fail(breaker, 5);
    clock.advance(30_000);
    assert.deepEqual(
      [breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()],
      ['probe', 'probe', 'rejected'],
    );
    assert.equal(breaker.recordSuccess({ permit: 'probe' }), undefined);
    assert.deepEqual(breaker.recordSuccess({ permit: 'probe' }), { from: 'half-open', to: 'closed' });
  });

  test('re-opens on a probe failure for twice the base time', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(30_000);
    breaker.tryAcquire();
    assert.deepEqual(breaker.recordFailure({ permit: 'probe' }), { from: 'half-open', to: 'open' });
    const snapshot = breaker.snapshot();
    assert.equal(snapshot.openings, 2);
    assert.equal(snapshot.openUntil! - snapshot.openedAt!, 60_000);
  });

  test('hands the probe to the next caller when a probe is released', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(30_000);
    breaker.tryAcquire();
    breaker.release('probe');
    assert.equal(breaker.state(), 'half-open');
    assert.equal(breaker.tryAcquire(), 'probe');
  });

  test('takes an outcome without a permit for the probe while half-open', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    clock.advance(30_000);
    breaker.tryAcquire();
    assert.deepEqual(breaker.recordSuccess(), { from: 'half-open', to: 'closed' });
  });

  test('ignores late outcomes of attempts started before it opened', () => {
    const { breaker, clock } = setup();
    fail(breaker, 5);
    assert.equal(breaker.recordSuccess({ permit: 'allowed' }), undefined);
    clock.advance(30_000);
    assert.equal(breaker.recordFailure({ permit: 'allowed' }), undefined);
    assert.equal(breaker.state(), 'half-open');
    assert.equal(breaker.snapshot().lastFailureAt, clock.now());
  });
});

describe('open time', () => {
  test('grows with consecutive openings up to maxOpenMs', () => {
    const { breaker, clock } = setup();
    const openTimes: number[] = [];
    fail(breaker, 5);
    for (let opening = 0; opening < 12; opening++) {
      const snapshot = breaker.snapshot();
      openTimes.push(snapshot.openUntil! - snapshot.openedAt!);
      clock.advance(snapshot.openUntil! - clock.now());
      breaker.tryAcquire();
      breaker.recordFailure({ permit: 'probe' });
    }
    assert.deepEqual(openTimes.slice(0, 4), [30_000, 60_000, 90_000, 120_000]);
    assert.equal(openTimes.at(-1), 300_000);
  });

  test('jitters the open time by ±openJitter', () => {
    const low = setup({ random: () => 0 });
    fail(low.breaker, 5);
    const high = setup({ random: () => 0.999_999 });
    fail(high.breaker, 5);
    const lowSnapshot = low.breaker.snapshot();
    const highSnapshot = high.breaker.snapshot();
    assert.equal(lowSnapshot.openUntil! - lowSnapshot.openedAt!, 27_000);
    assert.equal(highSnapshot.openUntil! - highSnapshot.openedAt!, 33_000);
  });

  test('lowers the opening count once per healthy interval spent closed', () => {
    const { breaker, clock } = setup();
    for (let opening = 0; opening < 3; opening++) {
      fail(breaker, opening === 0 ? 5 : 0);
      const snapshot = breaker.snapshot();
      clock.advance(snapshot.openUntil! - clock.now());
      breaker.tryAcquire();
      if (opening < 2) breaker.recordFailure({ permit: 'probe' });
      else breaker.recordSuccess({ permit: 'probe' });
    }
    assert.equal(breaker.snapshot().openings, 3);
    clock.advance(120_000);
    assert.equal(breaker.snapshot().openings, 1);
    fail(breaker, 5);
    const snapshot = breaker.snapshot();
    assert.equal(snapshot.openUntil! - snapshot.openedAt!, 60_000);
  });
});

describe('operators', () => {
  test('forceOpen holds the breaker open until reset', () => {
    const { breaker, clock } = setup();
    assert.deepEqual(breaker.forceOpen(), { from: 'closed', to: 'open' });
    clock.advance(3_600_000);
    assert.equal(breaker.tryAcquire(), 'rejected');
    assert.equal(breaker.snapshot().forced, true);
    assert.deepEqual(breaker.reset(), { from: 'open', to: 'closed' });
    assert.equal(breaker.tryAcquire(), 'allowed');
  });

  test('reset forgets openings and counts', () => {
    const { breaker } = setup();
    fail(breaker, 5);
    breaker.reset();
    const snapshot = breaker.snapshot();
    assert.deepEqual([snapshot.openings, snapshot.consecutiveFailures, snapshot.windowCalls], [0, 0, 0]);
  });

  test('gives a JSON snapshot without the open times while closed', () => {
    const { breaker } = setup();
    assert.deepEqual(JSON.parse(JSON.stringify(breaker.snapshot())), {
      state: 'closed',
      consecutiveFailures: 0,
      windowCalls: 0,
      windowFailures: 0,
      openings: 0,
      probesInFlight: 0,
      forced: false,
    });
  });
});
