import { type ErrorCode, errorCodes } from './codes.ts';

const marker = Symbol.for('outlast.error');

/** Options of an OutlastError beyond its code and message. */
export interface OutlastErrorOptions {
  /** The request field at fault, e.g. `messages[0].content` (OpenAI `param`). */
  param?: string;
  /** How long the client should wait before retrying. */
  retryAfterMs?: number;
  /** Set when the gateway already spent its attempts: tells the official SDKs not to retry (`x-should-retry: false`). */
  shouldRetry?: boolean;
  /** The target the error came from, when it came from one. */
  targetId?: string;
  /** The upstream HTTP status, when the error summarises an upstream answer. */
  upstreamStatus?: number;
  /** The upstream's own error type or code. */
  upstreamCode?: string;
  /** Status override (e.g. 503 instead of 529 for OpenAI clients). */
  status?: number;
  /** The underlying error. */
  cause?: unknown;
}

/** An error produced by the gateway itself, with a stable code. */
export class OutlastError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly shouldRetry: boolean | undefined;
  readonly targetId: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamCode: string | undefined;
  readonly [marker] = true;

  constructor(code: ErrorCode, message: string, options: OutlastErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutlastError';
    this.code = code;
    this.status = options.status ?? errorCodes[code].status;
    this.param = options.param;
    this.retryAfterMs = options.retryAfterMs;
    this.shouldRetry = options.shouldRetry;
    this.targetId = options.targetId;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamCode = options.upstreamCode;
  }

  /** True for any OutlastError, even one from another copy of this module. */
  static isOutlastError(value: unknown): value is OutlastError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
