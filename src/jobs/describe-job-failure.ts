import { errorCodes } from '../errors/codes.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import type { JobError } from '../store/jobs/jobs-store.ts';

/** A failed dispatch as the job runner sees it. */
export interface JobFailure {
  /** What the job keeps and shows. */
  error: JobError;
  /** True when waiting may help. */
  retryable: boolean;
  /** Upstream or gateway retry-after, in ms. */
  retryAfterMs: number | undefined;
}

/** Statuses that say "later may work": timeouts, conflicts, rate limits and server errors. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A failure thrown by the pipeline: its code, message and status; retryable when the status is a transient one. */
export function describeThrownFailure(thrown: unknown): JobFailure {
  if (OutlastError.isOutlastError(thrown)) {
    return {
      error: { code: thrown.code, message: thrown.message, status: thrown.status },
      retryable: isRetryableStatus(thrown.status),
      retryAfterMs: thrown.retryAfterMs,
    };
  }
  return {
    error: { code: 'OUTLAST_INTERNAL', message: 'Internal gateway error.', status: errorCodes.OUTLAST_INTERNAL.status },
    retryable: true,
    retryAfterMs: undefined,
  };
}

/** An upstream error answer the pipeline passed back (e.g. a 400 that every target would give). */
export function describeErrorAnswer(status: number, bodyText: string, retryAfter: string | undefined): JobFailure {
  let body: unknown = bodyText;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Not JSON: kept as text.
  }
  const retryable = isRetryableStatus(status);
  const seconds = Number(retryAfter);
  return {
    error: {
      code: retryable ? 'OUTLAST_UPSTREAM_FAILED' : 'OUTLAST_JOB_REJECTED',
      message: `The upstream answered HTTP ${status}.`,
      status,
      body,
    },
    retryable,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
  };
}
