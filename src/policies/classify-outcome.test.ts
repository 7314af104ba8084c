import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyOutcome, type OutcomeDecision, type UpstreamOutcome } from './classify-outcome.ts';

const now = Date.parse('2026-03-02T11:49:00Z');

type Expectation = Pick<OutcomeDecision, 'final' | 'retrySameTarget' | 'failover' | 'breakerFailure' | 'disableTarget'>;

const rows: { name: string; outcome: UpstreamOutcome; expected: Expectation }[] = [
  {
    name: 'connection refused',
    outcome: { type: 'failure', kind: 'refused', phase: 'connect' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'DNS failure',
    outcome: { type: 'failure', kind: 'dns', phase: 'connect' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'reset before headers',
    outcome: { type: 'failure', kind: 'reset', phase: 'headers' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'timeout before headers',
    outcome: { type: 'failure', kind: 'timeout', phase: 'headers' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'idle timeout in the body',
    outcome: { type: 'failure', kind: 'timeout', phase: 'body' },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'client aborted',
    outcome: { type: 'failure', kind: 'aborted', phase: 'headers' },
    expected: { final: true, retrySameTarget: false, failover: false, breakerFailure: false, disableTarget: false },
  },
  {
    name: '200',
    outcome: { type: 'response', status: 200, headers: {} },
    expected: { final: true, retrySameTarget: false, failover: false, breakerFailure: false, disableTarget: false },
  },
  {
    name: '400 invalid request',
    outcome: { type: 'response', status: 400, headers: {}, errorType: 'invalid_request_error' },
    expected: { final: true, retrySameTarget: false, failover: false, breakerFailure: false, disableTarget: false },
  },
  {
    name: '413',
    outcome: { type: 'response', status: 413, headers: {} },
    expected: { final: true, retrySameTarget: false, failover: false, breakerFailure: false, disableTarget: false },
  },
  {
    name: '422',
    outcome: { type: 'response', status: 422, headers: {} },
    expected: { final: true, retrySameTarget: false, failover: false, breakerFailure: false, disableTarget: false },
  },
  {
    name: '401',
    outcome: { type: 'response', status: 401, headers: {} },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: true },
  },
  {
    name: '403',
    outcome: { type: 'response', status: 403, headers: {} },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: true },
  },
  {
    name: '404',
    outcome: { type: 'response', status: 404, headers: {} },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: false },
  },
  {
    name: '408',
    outcome: { type: 'response', status: 408, headers: {} },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '409',
    outcome: { type: 'response', status: 409, headers: {} },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: false, disableTarget: false },
  },
  {
    name: '429 rate limit',
    outcome: { type: 'response', status: 429, headers: { 'retry-after': '5' }, errorType: 'rate_limit_error' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: false, disableTarget: false },
  },
  {
    name: '429 spend limit',
    outcome: {
      type: 'response',
      status: 429,
      headers: {},
      errorType: 'rate_limit_error',
      errorCode: 'enforced_spend_limit_reached',
    },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: true },
  },
  {
    name: '429 insufficient_quota',
    outcome: {
      type: 'response',
      status: 429,
      headers: {},
      errorType: 'insufficient_quota',
      errorCode: 'insufficient_quota',
    },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: true },
  },
  {
    name: '402 billing',
    outcome: { type: 'response', status: 402, headers: {}, errorType: 'billing_error' },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: false, disableTarget: true },
  },
  {
    name: '500',
    outcome: { type: 'response', status: 500, headers: {} },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '502',
    outcome: { type: 'response', status: 502, headers: {} },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '503',
    outcome: { type: 'response', status: 503, headers: {} },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '504 timeout_error',
    outcome: { type: 'response', status: 504, headers: {}, errorType: 'timeout_error' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '529 overloaded',
    outcome: { type: 'response', status: 529, headers: {}, errorType: 'overloaded_error' },
    expected: { final: false, retrySameTarget: true, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: '500 with x-should-retry false',
    outcome: { type: 'response', status: 500, headers: { 'x-should-retry': 'false' } },
    expected: { final: false, retrySameTarget: false, failover: true, breakerFailure: true, disableTarget: false },
  },
  {
    name: 'stream broken after commit',
    outcome: { type: 'stream-broken' },
    expected: { final: false, retrySameTarget: false, failover: false, breakerFailure: true, disableTarget: false },
  },
];

describe('classifyOutcome covers every row of the outcome table', () => {
  for (const row of rows) {
    test(`classifies ${row.name}`, () => {
      const decision = classifyOutcome(row.outcome, now);
      const picked: Expectation = {
        final: decision.final,
        retrySameTarget: decision.retrySameTarget,
        failover: decision.failover,
        breakerFailure: decision.breakerFailure,
        disableTarget: decision.disableTarget,
      };
      assert.deepEqual(picked, row.expected);
    });
  }

  test('puts a rate-limited target in cool-down for the retry-after time', () => {
    const decision = classifyOutcome({ type: 'response', status: 429, headers: { 'retry-after': '5' } }, now);
    assert.equal(decision.coolDownMs, 5000);
  });

  test('takes the cool-down from an Anthropic rate-limit reset when there is no retry-after', () => {
    const reset = new Date(now + 12_000).toISOString();
    const decision = classifyOutcome(
      { type: 'response', status: 429, headers: { 'anthropic-ratelimit-requests-reset': reset } },
      now,
    );
    assert.equal(decision.coolDownMs, 12_000);
  });
});
