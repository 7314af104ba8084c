import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyOutcome } from './classify-outcome.ts';
import { createTargetState, type TargetStateOptions } from './target-state.ts';

const startMs = Date.parse('2026-03-02T12:00:00Z');

function setup(overrides: Partial<TargetStateOptions> = {}) {
  let nowMs = startMs;
  const clock = {
    advance: (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
  const target = createTargetState({ now: clock.now, random: () => 0.5, ...overrides });
  return { target, clock };
}

const ok = classifyOutcome({ type: 'response', status: 200, headers: {} }, startMs);
const serverError = classifyOutcome({ type: 'response', status: 500, headers: {} }, startMs);
const badRequest = classifyOutcome({ type: 'response', status: 400, headers: {} }, startMs);
const rateLimited = classifyOutcome({ type: 'response', status: 429, headers: { 'retry-after': '5' } }, startMs);
const quota = classifyOutcome({ type: 'response', status: 429, headers: {}, errorCode: 'insufficient_quota' }, startMs);

function attempt(
  target: ReturnType<typeof setup>['target'],
  decision = ok,
  timing: { latencyMs?: number; ttfbMs?: number } = {},
) {
  const permit = target.onAttemptStart();
  assert.notEqual(permit, 'rejected');
  return target.onAttemptEnd({ permit: permit === 'rejected' ? 'allowed' : permit, decision, ...timing });
}

describe('availability', () => {
  test('is available when fresh', () => {
    assert.equal(setup().target.availability(), 'available');
  });

  test('cools down for the retry-after time of a 429 without counting a breaker failure', () => {
    const { target, clock } = setup();
    attempt(target, rateLimited);
    assert.equal(target.availability(), 'cooling-down');
    assert.equal(target.snapshot().breaker.consecutiveFailures, 0);
    assert.equal(target.onAttemptStart(), 'rejected');
    clock.advance(5000);
    assert.equal(target.availability(), 'available');
  });

  test('is disabled for ten minutes after a quota failure', () => {
    const { target, clock } = setup();
    attempt(target, quota);
    assert.equal(target.availability(), 'disabled');
    clock.advance(599_999);
    assert.equal(target.availability(), 'disabled');
    clock.advance(1);
    assert.equal(target.availability(), 'available');
  });

  test('comes back at once when an operator clears the disabling', () => {
    const { target } = setup();
    attempt(target, quota);
    target.clearDisabled();
    assert.equal(target.availability(), 'available');
  });

  test('is open after five breaker failures and returns the transition', () => {
    const { target } = setup();
    for (let failure = 0; failure < 4; failure++) assert.equal(attempt(target, serverError), undefined);
    assert.deepEqual(attempt(target, serverError), { from: 'closed', to: 'open' });
    assert.equal(target.availability(), 'open');
    assert.equal(target.onAttemptStart(), 'rejected');
  });

  test('offers a probe when the open time is up, then is open for everyone else', () => {
    const { target, clock } = setup();
    for (let failure = 0; failure < 5; failure++) attempt(target, serverError);
    clock.advance(30_000);
    assert.equal(target.availability(), 'probe');
    const permit = target.onAttemptStart();
    assert.equal(permit, 'probe');
    assert.equal(target.availability(), 'open');
    assert.deepEqual(target.onAttemptEnd({ permit: 'probe', decision: ok }), { from: 'half-open', to: 'closed' });
  });

  test('is saturated when maxConcurrent attempts are in flight', () => {
    const { target } = setup({ maxConcurrent: 2 });
    target.onAttemptStart();
    target.onAttemptStart();
    assert.equal(target.availability(), 'saturated');
    assert.equal(target.onAttemptStart(), 'rejected');
    assert.equal(target.snapshot().outstanding, 2);
    target.onAttemptEnd({ permit: 'allowed', decision: ok });
    assert.equal(target.availability(), 'available');
  });

  test('lets a last-resort attempt through an open breaker but not through a full bulkhead', () => {
    const { target } = setup({ maxConcurrent: 1 });
    for (let failure = 0; failure < 5; failure++) attempt(target, serverError);
    assert.equal(target.onAttemptStart(), 'rejected');
    assert.equal(target.onAttemptStart({ lastResort: true }), 'allowed');
    assert.equal(target.onAttemptStart({ lastResort: true }), 'rejected');
    assert.equal(target.onAttemptEnd({ permit: 'allowed', decision: ok }), undefined);
    assert.equal(target.availability(), 'open');
  });
});

describe('outcomes', () => {
  test('neither counts nor resets the breaker on a client error', () => {
    const { target } = setup();
    for (let failure = 0; failure < 3; failure++) attempt(target, serverError);
    attempt(target, badRequest);
    const { breaker } = target.snapshot();
    assert.deepEqual([breaker.consecutiveFailures, breaker.windowCalls], [3, 3]);
  });

  test('remembers when the target last failed', () => {
    const { target, clock } = setup();
    attempt(target, serverError);
    clock.advance(1000);
    attempt(target, rateLimited);
    assert.equal(target.snapshot().lastFailureAt, startMs + 1000);
  });

  test('averages latency and time to first byte of successes only', () => {
    const { target } = setup({ latencySmoothing: 0.5 });
    attempt(target, ok, { latencyMs: 1000, ttfbMs: 200 });
    attempt(target, ok, { latencyMs: 3000, ttfbMs: 400 });
    attempt(target, serverError, { latencyMs: 10, ttfbMs: 10 });
    const snapshot = target.snapshot();
    assert.deepEqual([snapshot.ewmaLatencyMs, snapshot.ewmaTtfbMs], [2000, 300]);
  });

  test('estimates the p95 time to first byte from the last samples', () => {
    const { target } = setup({ ttfbSampleSize: 100 });
    assert.equal(target.p95TtfbMs(), undefined);
    for (let sample = 1; sample <= 100; sample++) attempt(target, ok, { ttfbMs: sample * 10 });
    assert.equal(target.p95TtfbMs(), 950);
  });

  test('keeps only ttfbSampleSize samples', () => {
    const { target } = setup({ ttfbSampleSize: 4 });
    for (let sample = 0; sample < 4; sample++) attempt(target, ok, { ttfbMs: 10_000 });
    for (let sample = 0; sample < 4; sample++) attempt(target, ok, { ttfbMs: 100 });
    assert.equal(target.p95TtfbMs(), 100);
  });

  test('gives a JSON snapshot', () => {
    const { target } = setup();
    attempt(target, rateLimited);
    const snapshot = JSON.parse(JSON.stringify(target.snapshot()));
    assert.equal(snapshot.availability, 'cooling-down');
    assert.equal(snapshot.coolDownUntil, startMs + 5000);
    assert.equal(snapshot.breaker.state, 'closed');
  });
});

describe('stale successes', () => {
  test('a long stream that started before the latest failure does not reset the consecutive failures', () => {
    const { target, clock } = setup();
    const longStream = target.onAttemptStart();
    assert.notEqual(longStream, 'rejected');
    clock.advance(1000);
    for (let index = 0; index < 4; index++) attempt(target, serverError);
    clock.advance(1000);
    target.onAttemptEnd({ permit: longStream === 'rejected' ? 'allowed' : longStream, decision: ok, latencyMs: 2000 });
    assert.equal(target.snapshot().breaker.consecutiveFailures, 4);
    attempt(target, serverError);
    assert.equal(target.snapshot().breaker.state, 'open');
  });

  test('a success that started after the latest failure resets them', () => {
    const { target, clock } = setup();
    for (let index = 0; index < 4; index++) attempt(target, serverError);
    clock.advance(10);
    attempt(target, ok, { latencyMs: 5 });
    assert.equal(target.snapshot().breaker.consecutiveFailures, 0);
  });
});
