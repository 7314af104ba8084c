import type { UpstreamHeaders } from '../core/provider-adapter.ts';
import type { FailureKind, FailurePhase } from '../core/upstream-failure.ts';
import { parseRateLimitWaitMs } from './parse-retry-after.ts';

/** What happened on one upstream attempt, as far as the decision needs to know. */
export type UpstreamOutcome =
  | {
      /** An HTTP answer arrived (or an in-band error event before the commit point, mapped to its status). */
      type: 'response';
      status: number;
      headers: UpstreamHeaders;
      /** The vendor error type (`overloaded_error`, `insufficient_quota`...), when the body had one. */
      errorType?: string | undefined;
      /** A machine code: Anthropic `error.details.error_code`, OpenAI `error.code`. */
      errorCode?: string | undefined;
    }
  | {
      /** No usable HTTP answer: connection failure, reset or timeout. */
      type: 'failure';
      kind: FailureKind;
      phase: FailurePhase;
    }
  | {
      /** The stream broke after bytes had been sent to the client. */
      type: 'stream-broken';
    };

/** What the attempt loop should do after an outcome (wire-and-resilience A12.2). */
export interface OutcomeDecision {
  /** The answer can go to the client as is (success, or a client error that would fail everywhere). */
  final: boolean;
  /** The same target may be tried once more (after backoff / retry-after). */
  retrySameTarget: boolean;
  /** Another target may be tried at once. */
  failover: boolean;
  /** Counts as a failure for the target's circuit breaker. */
  breakerFailure: boolean;
  /** The target should take no traffic for this long (rate limit); not a breaker failure. */
  coolDownMs: number | undefined;
  /** The target should be disabled until an operator or a long cool-down clears it (quota, credentials). */
  disableTarget: boolean;
  /** Short machine-readable reason, for logs and metrics. */
  reason: string;
}

const spendCodes = new Set([
  'enforced_spend_limit_reached',
  'insufficient_quota',
  'billing_hard_limit_reached',
  'credit_balance_exhausted',
]);

function decision(partial: Partial<OutcomeDecision> & { reason: string }): OutcomeDecision {
  return {
    final: false,
    retrySameTarget: false,
    failover: false,
    breakerFailure: false,
    coolDownMs: undefined,
    disableTarget: false,
    ...partial,
  };
}

function headerValue(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The one decision of what an upstream outcome means: retry, fail over, count against the breaker, cool down or
 * disable. Pure: the clock is an argument. Every row of the table in docs/resilience.md is a case here.
 */
export function classifyOutcome(outcome: UpstreamOutcome, nowMs: number): OutcomeDecision {
  if (outcome.type === 'stream-broken') return decision({ breakerFailure: true, reason: 'stream-broken-after-commit' });
  if (outcome.type === 'failure') {
    if (outcome.kind === 'aborted') return decision({ final: true, reason: 'client-aborted' });
    if (outcome.phase === 'connect' || outcome.kind === 'refused' || outcome.kind === 'dns' || outcome.kind === 'tls') {
      return decision({
        retrySameTarget: true,
        failover: true,
        breakerFailure: true,
        reason: `connect-${outcome.kind}`,
      });
    }
    if (outcome.kind === 'timeout') {
      return decision({
        retrySameTarget: outcome.phase === 'headers',
        failover: true,
        breakerFailure: true,
        reason: `timeout-${outcome.phase}`,
      });
    }
    return decision({
      retrySameTarget: true,
      failover: true,
      breakerFailure: true,
      reason: `${outcome.phase}-${outcome.kind}`,
    });
  }
  const { status } = outcome;
  if (status < 400) return decision({ final: true, reason: 'ok' });
  const hint = headerValue(outcome.headers, 'x-should-retry');
  const code = outcome.errorCode ?? outcome.errorType;
  if ((code !== undefined && spendCodes.has(code)) || status === 402) {
    return decision({ failover: true, disableTarget: true, reason: 'quota' });
  }
  let result: OutcomeDecision;
  if (status === 429) {
    result = decision({
      retrySameTarget: true,
      failover: true,
      coolDownMs: parseRateLimitWaitMs(outcome.headers, nowMs) ?? 1000,
      reason: 'rate-limited',
    });
  } else if (status === 401 || status === 403) {
    result = decision({ failover: true, disableTarget: true, reason: 'credentials' });
  } else if (status === 404) {
    result = decision({ failover: true, reason: 'not-found' });
  } else if (status === 408) {
    result = decision({ retrySameTarget: true, failover: true, breakerFailure: true, reason: 'request-timeout' });
  } else if (status === 409) {
    result = decision({ retrySameTarget: true, failover: true, reason: 'conflict' });
  } else if (status === 529 || outcome.errorType === 'overloaded_error') {
    result = decision({ retrySameTarget: true, failover: true, breakerFailure: true, reason: 'overloaded' });
  } else if (status >= 500) {
    result = decision({ retrySameTarget: true, failover: true, breakerFailure: true, reason: `server-${status}` });
  } else {
    // 400, 413, 422 and other 4xx: the same request would fail everywhere; the client gets the upstream's answer.
    return decision({ final: true, reason: `client-${status}` });
  }
  if (hint === 'false') result.retrySameTarget = false;
  return result;
}
