import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type BreakerPermit, createCircuitBreaker } from './circuit-breaker.ts';

const optionsArbitrary = fc.record({
  consecutiveFailures: fc.integer({ min: 1, max: 6 }),
  minimumCalls: fc.integer({ min: 1, max: 30 }),
  failureRateThreshold: fc.double({ min: 0.1, max: 1, noNaN: true }),
  baseOpenMs: fc.integer({ min: 100, max: 30_000 }),
  maxOpenMs: fc.integer({ min: 100, max: 300_000 }),
  openJitter: fc.double({ min: 0, max: 0.5, noNaN: true }),
  halfOpenProbes: fc.integer({ min: 1, max: 3 }),
  healthyIntervalMs: fc.integer({ min: 1000, max: 120_000 }),
});

const operationArbitrary = fc.oneof(
  fc.record({ type: fc.constant('acquire' as const) }),
  fc.record({ type: fc.constantFrom('success' as const, 'failure' as const, 'release' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 90_000 }) }),
);

test('keeps its invariants under any sequence of calls, outcomes and waits', () => {
  const seen = { probes: 0, reopened: 0, closed: 0 };
  fc.assert(
    fc.property(
      optionsArbitrary,
      fc.array(operationArbitrary, { minLength: 20, maxLength: 200, size: 'max' }),
      fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 10 }),
      (options, operations, draws) => {
        let nowMs = 0;
        let drawIndex = 0;
        const breaker = createCircuitBreaker({
          ...options,
          now: () => nowMs,
          random: () => draws[drawIndex++ % draws.length]!,
        });
        const held: BreakerPermit[] = [];
        for (const operation of operations) {
          let transition: ReturnType<typeof breaker.recordFailure>;
          if (operation.type === 'acquire') {
            const answer = breaker.tryAcquire();
            if (answer !== 'rejected') held.push(answer);
            if (answer === 'probe') seen.probes++;
          } else if (operation.type === 'wait') {
            nowMs += operation.ms;
          } else if (held.length > 0) {
            const [permit] = held.splice(operation.pick % held.length, 1);
            if (operation.type === 'success') transition = breaker.recordSuccess({ permit: permit! });
            else if (operation.type === 'failure') transition = breaker.recordFailure({ permit: permit! });
            else breaker.release(permit!);
          }
          const snapshot = breaker.snapshot();
          const probesHeld = held.filter((permit) => permit === 'probe').length;
          assert.equal(snapshot.probesInFlight, probesHeld);
          assert.ok(probesHeld <= options.halfOpenProbes, 'never more than halfOpenProbes probes outstanding');
          assert.ok(snapshot.windowFailures >= 0 && snapshot.windowFailures <= snapshot.windowCalls);
          if (snapshot.state === 'open') {
            assert.ok(snapshot.openUntil !== undefined && nowMs < snapshot.openUntil);
            assert.equal(breaker.peek(), 'rejected', 'rejected while open before openUntil');
          }
          if (snapshot.state === 'closed') assert.equal(breaker.peek(), 'allowed');
          if (transition?.from === 'half-open') seen[transition.to === 'open' ? 'reopened' : 'closed']++;
          if (transition?.to === 'open') {
            const nominalMs = Math.min(options.maxOpenMs, options.baseOpenMs * snapshot.openings);
            const openMs = snapshot.openUntil! - snapshot.openedAt!;
            assert.ok(snapshot.openings >= 1);
            assert.ok(openMs >= nominalMs * (1 - options.openJitter) - 0.5, `open ${openMs} ms below the bound`);
            assert.ok(openMs <= nominalMs * (1 + options.openJitter) + 0.5, `open ${openMs} ms above the bound`);
          }
        }
      },
    ),
  );
  // The generator must reach the interesting states, or the invariants above prove little.
  assert.ok(seen.probes > 0 && seen.reopened > 0 && seen.closed > 0, JSON.stringify(seen));
});

test('opens exactly at the consecutive-failure threshold when the rate rule cannot apply', () => {
  fc.assert(
    fc.property(optionsArbitrary, (options) => {
      const breaker = createCircuitBreaker({ ...options, minimumCalls: 1000, now: () => 0, random: () => 0.5 });
      for (let failure = 0; failure < options.consecutiveFailures; failure++) {
        assert.equal(breaker.state(), 'closed');
        breaker.recordFailure({ permit: 'allowed' });
      }
      assert.equal(breaker.state(), 'open');
    }),
  );
});
