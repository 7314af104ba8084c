import { createHash, randomBytes } from 'node:crypto';
import type { WireFormat } from '../core/provider-adapter.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import type { JobCounts, JobRecord, JobStatus } from '../store/jobs/jobs-store.ts';
import { createJobRunner, type JobRunner, type JobRunnerDeps } from './create-job-runner.ts';
import type { JobOptions } from './parse-job-submission.ts';

/** A request to run later, validated by its endpoint's schema. */
export interface JobInput extends JobOptions {
  /** The client's wire format. */
  format: WireFormat;
  /** The endpoint operation. */
  operation: string;
  /** The request body (a `stream` flag is dropped: jobs run non-streamed). */
  body: Record<string, unknown>;
  /** Headers passed upstream. */
  passHeaders: Readonly<Record<string, string>>;
  /** Identity of the client key; undefined when the gateway has no client keys. */
  owner: string | undefined;
}

/** The jobs subsystem of one gateway process: submission, reading, cancelling, and the runner. */
export interface JobService {
  /** True when `jobs.enabled`. */
  enabled(): boolean;
  /** Queues a job durably (returns after the write); an idempotency key replayed with the same request returns the existing job, with another request throws OUTLAST_JOB_CONFLICT. */
  submit(input: JobInput): { job: JobRecord; created: boolean };
  /** A job its reader may see: any job when it has no owner, else only the owner's. */
  read(id: string, reader: string | undefined): JobRecord | undefined;
  /** Any job, whoever owns it (the admin API). */
  inspect(id: string): JobRecord | undefined;
  /** Operator cancel: a queued or running job fails with OUTLAST_JOB_CANCELLED. */
  cancel(id: string): JobRecord | undefined;
  /** A page of jobs, newest first. */
  list(options: { status?: JobStatus | undefined; limit: number; beforeCreatedAtMs?: number | undefined }): JobRecord[];
  /** Queue depth by status and age of the oldest queued job. */
  counts(): JobCounts;
  /** Starts the runner (when enabled). */
  start(): void;
  /** Stops the runner and closes the store. */
  stop(): Promise<void>;
}

/** What the service needs: what its runner needs, which it creates (the runner's idle poll keeps its default). */
export type JobServiceDeps = Omit<JobRunnerDeps, 'pollMs'>;

/** An unguessable job id: 128 random bits. */
export function createJobId(): string {
  return `job_${randomBytes(16).toString('hex')}`;
}

/** Creates the jobs subsystem. */
export function createJobService(deps: JobServiceDeps): JobService {
  const { store, now } = deps;
  let runner: JobRunner | undefined;
  let started = false;
  function startRunner(): void {
    if (!started || runner !== undefined || !deps.config().enabled) return;
    runner = createJobRunner(deps);
    runner.start();
  }
  return {
    enabled: () => deps.config().enabled,
    submit(input) {
      const config = deps.config();
      const body = { ...input.body };
      delete body.stream;
      delete body.stream_options;
      const request = JSON.stringify(body);
      const requestHash = createHash('sha256')
        .update(`${input.format}\n${input.operation}\n${input.callbackUrl ?? ''}\n${request}`)
        .digest('hex');
      const nowMs = now();
      const outcome = store.submit({
        id: createJobId(),
        owner: input.owner,
        format: input.format,
        operation: input.operation,
        request,
        requestHash,
        passHeaders: input.passHeaders,
        callbackUrl: input.callbackUrl,
        idempotencyKey: input.idempotencyKey,
        priority: input.priority,
        createdAtMs: nowMs,
        deadlineAtMs: nowMs + (input.deadlineS ?? config.default_deadline_s) * 1000,
        maxAttempts: config.max_attempts,
      });
      if (!outcome.created && outcome.job.requestHash !== requestHash) {
        throw new OutlastError(
          'OUTLAST_JOB_CONFLICT',
          `The idempotency key was already used for a different request (job ${outcome.job.id}).`,
          { param: 'idempotency_key' },
        );
      }
      // Jobs turned on by a config reload start the workers with the first job.
      if (outcome.created) {
        startRunner();
        runner?.wake();
      }
      return outcome;
    },
    read(id, reader) {
      const job = store.get(id);
      if (job === undefined || (job.owner !== undefined && job.owner !== reader)) return undefined;
      return job;
    },
    inspect: (id) => store.get(id),
    cancel(id) {
      const job = store.cancel(
        id,
        { code: 'OUTLAST_JOB_CANCELLED', message: 'An operator cancelled the job.', status: 409 },
        now(),
      );
      if (job !== undefined) {
        runner?.abort(id);
        runner?.wake();
      }
      return job;
    },
    list: (options) => store.list(options),
    counts: () => store.counts(now()),
    start() {
      started = true;
      startRunner();
    },
    async stop() {
      started = false;
      await runner?.stop();
      runner = undefined;
      store.close();
    },
  };
}
