import type { AuditRecord } from '../store/audit/audit-store.ts';

/** One record as a line of `outlast audit export`: snake_case like the admin API, ISO time, bodies only if kept. */
export function toAuditExportLine(record: AuditRecord): string {
  return JSON.stringify({
    time: new Date(record.timeMs).toISOString(),
    request_id: record.requestId,
    key_id: record.keyId,
    format: record.format,
    operation: record.operation,
    model: record.model,
    stream: record.stream,
    status: record.status,
    error_code: record.errorCode,
    provider: record.provider,
    target_model: record.targetModel,
    fallback: record.fallback,
    cache: record.cache,
    degraded: record.degraded,
    duration_ms: record.durationMs,
    input_tokens: record.inputTokens,
    cached_input_tokens: record.cachedInputTokens,
    output_tokens: record.outputTokens,
    cost_usd: record.costUsd,
    attempts: record.attempts.map((attempt) => ({
      provider: attempt.provider,
      model: attempt.model,
      outcome: attempt.outcome,
      ttfb_ms: attempt.ttfbMs,
      latency_ms: attempt.latencyMs,
    })),
    ...(record.requestBody === null ? {} : { request_body: record.requestBody }),
    ...(record.responseBody === null ? {} : { response_body: record.responseBody }),
  });
}
