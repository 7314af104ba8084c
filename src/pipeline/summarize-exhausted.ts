import type { GatewayRequest } from '../core/gateway-request.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import type { OutcomeDecision } from '../policies/classify-outcome.ts';

/** One failed attempt, as kept for the final error. */
export interface AttemptRecord {
  /** Provider id. */
  provider: string;
  /** Upstream model. */
  model: string;
  /** What classifyOutcome decided. */
  decision: OutcomeDecision;
  /** Short, secret-free description: `HTTP 529 overloaded_error`, `connect refused`. */
  detail: string;
}

/** A target the loop did not try, and why. */
export interface SkippedTarget {
  provider: string;
  model: string;
  /** `open`, `cooling-down`, `disabled`, `saturated`, `throttled`. */
  why: string;
  /** When it is expected back, if known (epoch ms). */
  until: number | undefined;
}

function earliestWaitMs(skipped: readonly SkippedTarget[], nowMs: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const entry of skipped) if (entry.until !== undefined) earliest = Math.min(earliest, entry.until - nowMs);
  return Number.isFinite(earliest) ? Math.max(1000, earliest) : 1000;
}

/**
 * The error a client gets when the plan is spent. Always `x-should-retry: false` (the official SDKs would otherwise
 * multiply our attempts by their own); `retry-after` when waiting helps. Never quotes upstream messages, which may
 * echo masked keys.
 */
export function summarizeExhausted(
  records: readonly AttemptRecord[],
  skipped: readonly SkippedTarget[],
  request: GatewayRequest,
  nowMs: number,
): OutlastError {
  if (records.length === 0 && skipped.length === 0) {
    return new OutlastError(
      'OUTLAST_NO_COMPATIBLE_TARGET',
      `No target of \`${request.model}\` can serve ${request.operation}: its targets speak another format and this operation has no translation.`,
      { param: 'model', shouldRetry: false },
    );
  }
  const skippedText = skipped.map((entry) => `${entry.provider}/${entry.model}: ${entry.why}`).join('; ');
  if (records.length === 0) {
    const message = `No target can take the request now (${skippedText}).`;
    const retryAfterMs = earliestWaitMs(skipped, nowMs);
    const busy = skipped.every((entry) => ['cooling-down', 'saturated', 'throttled'].includes(entry.why));
    return new OutlastError(busy ? 'OUTLAST_RATE_LIMITED' : 'OUTLAST_NO_HEALTHY_TARGET', message, {
      retryAfterMs,
      shouldRetry: false,
    });
  }
  const trail = records.map((record) => `${record.provider}/${record.model}: ${record.detail}`).join('; ');
  const count = `${records.length} upstream attempt${records.length === 1 ? '' : 's'}`;
  const message = `All ${count} failed (${trail}${skippedText === '' ? '' : `; skipped ${skippedText}`}).`;
  const reasons = records.map((record) => record.decision.reason);
  if (reasons.every((reason) => reason === 'rate-limited')) {
    const waits = records.map((record) => record.decision.coolDownMs ?? 1000);
    return new OutlastError('OUTLAST_RATE_LIMITED', message, { retryAfterMs: Math.min(...waits), shouldRetry: false });
  }
  if (reasons.every((reason) => reason === 'overloaded')) {
    return new OutlastError('OUTLAST_UPSTREAM_OVERLOADED', message, { shouldRetry: false });
  }
  if (reasons.every((reason) => reason.startsWith('timeout'))) {
    return new OutlastError('OUTLAST_UPSTREAM_TIMEOUT', message, { shouldRetry: false });
  }
  if (reasons.every((reason) => reason.startsWith('connect') || reason.endsWith('-reset'))) {
    return new OutlastError('OUTLAST_UPSTREAM_UNREACHABLE', message, { shouldRetry: false });
  }
  return new OutlastError('OUTLAST_UPSTREAM_FAILED', message, {
    shouldRetry: false,
    targetId: records[records.length - 1]!.provider,
  });
}
