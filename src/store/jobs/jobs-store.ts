import type { WireFormat } from '../../core/provider-adapter.ts';
/** Where a job is in its life. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where a job's callback is: none asked, waiting to be acknowledged, acknowledged (2xx) by the receiver. */
export type CallbackState = 'none' | 'pending' | 'acknowledged';

/** An error as a job keeps it: the gateway code (or upstream status) and a message without secrets. */
export interface JobError {
  /** `OUTLAST_*` code of the last failure. */
  code: string;
  /** Human-readable cause. */
  message: string;
  /** HTTP status the failure had (the upstream's or the gateway's). */
  status?: number | undefined;
  /** The error body in the client's format, when the upstream answered one. */
  body?: unknown;
}

/** What a client submits, after validation. */
export interface NewJob {
  /** Unguessable id (`job_` + 128 random bits). */
  id: string;
  /** Identity of the client key that created it; undefined when the gateway has no client keys. */
  owner: string | undefined;
  /** The client's wire format. */
  format: WireFormat;
  /** The endpoint operation (`chat`, `messages`, `embeddings`, `count_tokens`). */
  operation: string;
  /** The request body as JSON text, already made non-streaming. */
  request: string;
  /** Hash of format, operation and request, to tell a replayed submission from a different one. */
  requestHash: string;
  /** Client headers passed upstream (`anthropic-version`, `anthropic-beta`). */
  passHeaders: Readonly<Record<string, string>>;
  /** Where the finished job is POSTed; undefined for none. */
  callbackUrl: string | undefined;
  /** Client's idempotency key, unique per owner. */
  idempotencyKey: string | undefined;
  /** Higher runs first. */
  priority: number;
  /** Submission time (epoch ms). */
  createdAtMs: number;
  /** After this time the job fails instead of being tried again (epoch ms). */
  deadlineAtMs: number;
  /** Most upstream dispatches. */
  maxAttempts: number;
}

/** A job as stored. */
export interface JobRecord extends NewJob {
  /** Current status. */
  status: JobStatus;
  /** Upstream dispatches started so far. */
  attempts: number;
  /** Last change (epoch ms). */
  updatedAtMs: number;
  /** Earliest time a worker may take it (epoch ms), while queued. */
  nextAttemptAtMs: number;
  /** While running: until when the lease holds (epoch ms). */
  leaseUntilMs: number | undefined;
  /** While running: the token of the lease; only its holder may finish the job. */
  leaseToken: string | undefined;
  /** First dispatch (epoch ms). */
  startedAtMs: number | undefined;
  /** Success or failure time (epoch ms). */
  finishedAtMs: number | undefined;
  /** The response body in the client's format, as JSON text, once succeeded. */
  result: string | undefined;
  /** The final error once failed, else the last error of a retried attempt. */
  error: JobError | undefined;
  /** Callback delivery state. */
  callbackState: CallbackState;
  /** Callback deliveries tried. */
  callbackAttempts: number;
  /** Earliest time of the next delivery (epoch ms), while pending. */
  callbackNextAtMs: number | undefined;
  /** Why the last delivery failed. */
  callbackLastError: string | undefined;
}

/** Job counts by status, and the age of the oldest queued job. */
export interface JobCounts {
  /** Jobs per status. */
  byStatus: Record<JobStatus, number>;
  /** Age of the oldest queued job in ms at `nowMs`; 0 when none. */
  oldestQueuedAgeMs: number;
  /** Finished jobs whose callback is not yet acknowledged. */
  callbacksPending: number;
}

/** How a running job ends or goes back to the queue; applied only while the caller holds the lease. */
export type JobSettlement =
  | { kind: 'succeeded'; result: string; nowMs: number }
  | { kind: 'failed'; error: JobError; nowMs: number }
  | { kind: 'retry'; error: JobError; nextAttemptAtMs: number; nowMs: number }
  | { kind: 'defer'; nextAttemptAtMs: number; nowMs: number };

/**
 * The durable queue of async jobs. Every operation is atomic; a job is finished at most once (only by the holder of
 * its current lease), so a job re-run after a crash still has one result.
 */
export interface JobsStore {
  /** Inserts a job; when the owner already has a job with this idempotency key, returns that one instead. */
  submit(job: NewJob): { job: JobRecord; created: boolean };
  /** A job by id. */
  get(id: string): JobRecord | undefined;
  /** Takes the next due queued job (priority, then age) and leases it; undefined when none is due. */
  claim(options: { nowMs: number; leaseMs: number; token: string }): JobRecord | undefined;
  /** Counts one upstream dispatch of a leased job and renews its lease; false when the lease was lost. */
  beginAttempt(options: { id: string; token: string; nowMs: number; leaseMs: number }): boolean;
  /** Extends a lease; false when it was lost (expired and re-queued, or cancelled). */
  renewLease(options: { id: string; token: string; leaseUntilMs: number }): boolean;
  /** Finishes or re-queues a leased job; false (nothing changed) when the lease was lost. */
  settle(id: string, token: string, settlement: JobSettlement): boolean;
  /** Puts running jobs whose lease ended before `nowMs` back in the queue; returns how many. */
  requeueExpired(nowMs: number): number;
  /** Fails a queued or running job with `error`; undefined when unknown, the job unchanged when already finished. */
  cancel(id: string, error: JobError, nowMs: number): JobRecord | undefined;
  /** Finished jobs whose callback is pending and due, oldest first. */
  dueCallbacks(options: { nowMs: number; limit: number }): JobRecord[];
  /** Records one callback delivery: acknowledged, or failed with the time of the next try. */
  recordCallback(
    id: string,
    outcome: { acknowledged: true; nowMs: number } | { acknowledged: false; error: string; nextAtMs: number },
  ): void;
  /** Counts by status and the oldest queued job's age. */
  counts(nowMs: number): JobCounts;
  /** A page of jobs, newest first; `beforeCreatedAtMs` continues a page. */
  list(options: { status?: JobStatus | undefined; limit: number; beforeCreatedAtMs?: number | undefined }): JobRecord[];
  /** Deletes jobs that finished before `finishedBeforeMs` (a callback not acknowledged by then is given up). */
  purge(finishedBeforeMs: number): number;
  /** Releases the database. */
  close(): void;
}
