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

/**
 * The error a client gets when the plan is spent. Always `x-should-retry: false` (the official SDKs would otherwise
 * multiply our attempts by their own); `retry-after` when every target asked us to wait. Never quotes upstream
 * messages, which may echo masked keys.
 */
export function summarizeExhausted(records: readonly AttemptRecord[], request: GatewayRequest): OutlastError {
  if (records.length === 0) {
    return new OutlastError(
      'OUTLAST_NO_COMPATIBLE_TARGET',
      `No target of \`${request.model}\` speaks the ${request.format} format, and cross-format translation is not enabled for this route.`,
      { param: 'model', shouldRetry: false },
    );
  }
  const last = records[records.length - 1]!;
  const trail = records.map((record) => `${record.provider}/${record.model}: ${record.detail}`).join('; ');
  const message = `All ${records.length} upstream attempt${records.length === 1 ? '' : 's'} failed (${trail}).`;
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
    targetId: last.provider,
  });
}
