/**
 * The closed set of errors the gateway itself produces. A code is never reused or renamed.
 * `status` is the HTTP status the client sees; `retryable` says whether the same target may be tried again,
 * `failover` whether another target may be tried. docs/errors.md lists every code (a test keeps the two in sync).
 */
export const errorCodes = {
  OUTLAST_INVALID_JSON: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'The request body is not valid JSON.',
  },
  OUTLAST_INVALID_REQUEST: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'A field the gateway reads is missing or has the wrong type; the message names it.',
  },
  OUTLAST_BODY_TOO_LARGE: {
    status: 413,
    retryable: false,
    failover: false,
    kind: 'too_large',
    summary: 'The request body exceeds server.body_limit_bytes.',
  },
  OUTLAST_UNKNOWN_MODEL: {
    status: 404,
    retryable: false,
    failover: false,
    kind: 'not_found',
    summary: 'No route and no provider serves the requested model name.',
  },
  OUTLAST_NOT_FOUND: {
    status: 404,
    retryable: false,
    failover: false,
    kind: 'not_found',
    summary: 'The path is not served by the gateway.',
  },
  OUTLAST_METHOD_NOT_ALLOWED: {
    status: 405,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'The path exists but not for this HTTP method.',
  },
  OUTLAST_NO_COMPATIBLE_TARGET: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary:
      'No target of the route can serve this operation (another format, and the operation has no translation, e.g. embeddings on an Anthropic target).',
  },
  OUTLAST_UPSTREAM_FAILED: {
    status: 502,
    retryable: true,
    failover: true,
    kind: 'upstream',
    summary: 'Every attempt allowed by the plan failed; the last upstream error is summarised.',
  },
  OUTLAST_UPSTREAM_OVERLOADED: {
    status: 529,
    retryable: true,
    failover: true,
    kind: 'overloaded',
    summary: 'Every target was overloaded (529 for Anthropic clients, 503 for OpenAI clients).',
  },
  OUTLAST_UPSTREAM_UNREACHABLE: {
    status: 502,
    retryable: true,
    failover: true,
    kind: 'upstream',
    summary: 'No target could be reached (connection refused, reset, DNS or TLS failure).',
  },
  OUTLAST_UPSTREAM_TIMEOUT: {
    status: 504,
    retryable: true,
    failover: true,
    kind: 'timeout',
    summary: 'The upstream did not answer within the configured timeouts or the request deadline.',
  },
  OUTLAST_NO_HEALTHY_TARGET: {
    status: 503,
    retryable: false,
    failover: false,
    kind: 'unavailable',
    summary:
      'Every target of the route is out of service (breaker open or disabled); retry-after says when one is expected back.',
  },
  OUTLAST_RATE_LIMITED: {
    status: 429,
    retryable: true,
    failover: true,
    kind: 'rate_limit',
    summary: 'Every target is rate limited or cooling down; retry-after says when to come back.',
  },
  OUTLAST_STREAM_INTERRUPTED: {
    status: 502,
    retryable: false,
    failover: false,
    kind: 'upstream',
    summary: 'The upstream stream broke after the answer had started; sent as an in-band error event.',
  },
  OUTLAST_JOB_NOT_FOUND: {
    status: 404,
    retryable: false,
    failover: false,
    kind: 'not_found',
    summary: 'No job has this id (or it belongs to another client key, or it was purged after jobs.retention_days).',
  },
  OUTLAST_JOB_CONFLICT: {
    status: 409,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'The idempotency key was already used for a different job request.',
  },
  OUTLAST_JOBS_DISABLED: {
    status: 404,
    retryable: false,
    failover: false,
    kind: 'not_found',
    summary: 'Async jobs are turned off (jobs.enabled: false).',
  },
  OUTLAST_JOB_DEADLINE: {
    status: 504,
    retryable: false,
    failover: false,
    kind: 'timeout',
    summary: "A job's deadline passed before it succeeded (the job's error; the message carries the last failure).",
  },
  OUTLAST_JOB_CANCELLED: {
    status: 409,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'An operator cancelled the job (POST /admin/api/jobs/{id}/cancel) before it finished.',
  },
  OUTLAST_JOB_REJECTED: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: "The upstream refused a job's request with a final 4xx; the job's error carries its status and body.",
  },
  OUTLAST_UNAUTHORIZED: {
    status: 401,
    retryable: false,
    failover: false,
    kind: 'authentication',
    summary: 'Client keys exist and the request carries no valid one (missing, unknown, revoked or expired).',
  },
  OUTLAST_FORBIDDEN_ROUTE: {
    status: 403,
    retryable: false,
    failover: false,
    kind: 'permission',
    summary: 'The client key is limited to other routes than the model asked for.',
  },
  OUTLAST_KEY_RATE_LIMITED: {
    status: 429,
    retryable: false,
    failover: false,
    kind: 'rate_limit',
    summary: "The client key's requests or tokens per minute are used up; retry-after says when to come back.",
  },
  OUTLAST_BUDGET_EXCEEDED: {
    status: 429,
    retryable: false,
    failover: false,
    kind: 'rate_limit',
    summary: "The client key's daily or monthly budget is spent; retry-after says when the period starts over.",
  },
  OUTLAST_JSON_TOO_DEEP: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary: 'The JSON body nests arrays and objects deeper than server.max_json_depth.',
  },
  OUTLAST_SHUTTING_DOWN: {
    status: 503,
    retryable: true,
    failover: false,
    kind: 'unavailable',
    summary: 'The gateway is draining before it stops; send the request to another replica or retry shortly.',
  },
  OUTLAST_INTERNAL: {
    status: 500,
    retryable: false,
    failover: false,
    kind: 'internal',
    summary: 'A defect in the gateway; the request id leads to the log line.',
  },
  OUTLAST_PREVIOUS_RESPONSE_NOT_FOUND: {
    status: 400,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary:
      'The `previous_response_id` (or an `item_reference`) names no response the gateway stored for this client: unknown, expired, deleted or sent with `store: false`.',
  },
  OUTLAST_WEBSOCKET_UNSUPPORTED: {
    status: 426,
    retryable: false,
    failover: false,
    kind: 'invalid_request',
    summary:
      'A WebSocket upgrade (e.g. Codex trying the Responses WebSocket mode): refused at once so the client falls back to HTTP POST.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** What the table knows of one code. */
export interface ErrorCodeInfo {
  /** HTTP status sent to the client. */
  status: number;
  /** May the same target be tried again. */
  retryable: boolean;
  /** May another target be tried. */
  failover: boolean;
  /** Family used to pick the client-format error type (see render-error.ts). */
  kind: ErrorKind;
  /** One line for docs/errors.md. */
  summary: string;
}

/** Families of errors, mapped to each vendor's error `type`. */
export type ErrorKind =
  | 'invalid_request'
  | 'too_large'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'upstream'
  | 'overloaded'
  | 'timeout'
  | 'rate_limit'
  | 'unavailable'
  | 'internal';

/** One of the gateway's error codes. */
export type ErrorCode = keyof typeof errorCodes;
