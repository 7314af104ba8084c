import type { JobRecord } from '../store/jobs/jobs-store.ts';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A job as the API shows it (`GET /v1/outlast/jobs/{id}`, the admin API and the callback body): snake_case, ISO
 * times, the result as the response body in the client's format. Never the request body or its headers.
 */
export function renderJob(job: JobRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: job.id,
    object: 'outlast.job',
    status: job.status,
    format: job.format,
    priority: job.priority,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    created_at: iso(job.createdAtMs),
    updated_at: iso(job.updatedAtMs),
    deadline_at: iso(job.deadlineAtMs),
  };
  if (job.startedAtMs !== undefined) view.started_at = iso(job.startedAtMs);
  if (job.finishedAtMs !== undefined) view.finished_at = iso(job.finishedAtMs);
  if (job.status === 'queued') view.next_attempt_at = iso(job.nextAttemptAtMs);
  if (job.idempotencyKey !== undefined) view.idempotency_key = job.idempotencyKey;
  if (job.callbackUrl !== undefined) {
    view.callback_url = job.callbackUrl;
    view.callback = {
      state: job.callbackState,
      attempts: job.callbackAttempts,
      ...(job.callbackLastError === undefined ? {} : { last_error: job.callbackLastError }),
    };
  }
  if (job.result !== undefined) view.result = parsed(job.result);
  if (job.error !== undefined) view.error = job.error;
  return view;
}
