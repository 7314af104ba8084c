/** One upstream attempt of a client request. */
export interface AuditAttempt {
  /** Provider id of the target. */
  provider: string;
  /** Upstream model of the target. */
  model: string;
  /** `ok`, or the reason the attempt failed (`status-503`, `connect`, `timeout-headers`, ...). */
  outcome: string;
  /** Time to the response headers, ms; null when none arrived. */
  ttfbMs: number | null;
  /** Time from the attempt's start to its outcome (the commit point for a stream), ms; null when unknown. */
  latencyMs: number | null;
}

/** One client request as recorded in the audit trail. */
export interface AuditRecord {
  /** The request id (`x-outlast-request-id`). */
  requestId: string;
  /** When the request arrived, epoch ms. */
  timeMs: number;
  /** Client key id; null when the gateway accepts any key. */
  keyId: string | null;
  /** The client's wire format (`openai`, `anthropic`, ...). */
  format: string;
  /** The endpoint's operation (`chat`, `messages`, `embeddings`, ...). */
  operation: string;
  /** The model name the client asked for (a route or a provider model). */
  model: string;
  /** True when the client asked for a stream. */
  stream: boolean;
  /** HTTP status sent to the client (0 when the client left before an answer). */
  status: number;
  /** The gateway's error code when it answered with an error. */
  errorCode: string | null;
  /** Provider of the target that answered. */
  provider: string | null;
  /** Upstream model of the target that answered. */
  targetModel: string | null;
  /** True when the answer did not come from the first target. */
  fallback: boolean;
  /** Cache marker (`hit`, `miss`, `bypass`, ...) when the pipeline set one. */
  cache: string | null;
  /** Degradation marker (`stale-cache`, `rules`, `static`, `queued`) when one answered. */
  degraded: string | null;
  /** Time from arrival to the last byte, ms. */
  durationMs: number;
  /** Input tokens billed at the input price (cache writes included); null when unknown. */
  inputTokens: number | null;
  /** Input tokens read from a prompt cache; null when unknown. */
  cachedInputTokens: number | null;
  /** Output tokens; null when unknown. */
  outputTokens: number | null;
  /** Cost in USD from the price table; null when the model has no price. */
  costUsd: number | null;
  /** Upstream attempts in order, hedges included. */
  attempts: readonly AuditAttempt[];
  /** The request body, only with `audit.include_bodies`. */
  requestBody: string | null;
  /** The answer body (a stream's bytes as sent), only with `audit.include_bodies`. */
  responseBody: string | null;
}

/** A time range for reading records: `sinceMs` included, `untilMs` excluded. */
export interface AuditRange {
  /** Oldest arrival time, epoch ms, included. */
  sinceMs: number;
  /** Arrival time bound, epoch ms, excluded; no bound when absent. */
  untilMs?: number | undefined;
}

/** The `audit` store domain: an append-only trail of requests and their attempts. */
export interface AuditStore {
  /** Appends records, all in one transaction (all or none survive a crash). */
  append(records: readonly AuditRecord[]): void;
  /** Records in the range, oldest first, attempts included. */
  scan(range: AuditRange): Iterable<AuditRecord>;
  /** Number of request records in the range. */
  count(range: AuditRange): number;
  /** Deletes records older than `beforeMs` (and their attempts); returns how many requests were deleted. */
  prune(beforeMs: number): number;
  /** Releases the backend. */
  close(): void;
}
