import { z } from 'zod';

/** Defaults of the `jobs` section. */
export const DEFAULT_JOBS = {
  enabled: true,
  workers: 4,
  default_deadline_s: 86_400,
  max_attempts: 10,
  lease_s: 60,
  retention_days: 7,
} as const;

/** Longest deadline of a job: 20 days (a Node timer holds at most 24.8 days). */
export const MAX_JOB_DEADLINE_S = 1_728_000;

/** The `jobs` section: durable async jobs (`POST /v1/outlast/jobs`, `Prefer: respond-async`). */
export const jobsSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(DEFAULT_JOBS.enabled)
      .describe('Serves the jobs API and runs the workers; when false, /v1/outlast/jobs answers 404.'),
    workers: z
      .int()
      .min(1)
      .max(256)
      .default(DEFAULT_JOBS.workers)
      .describe('Jobs run at the same time by this process.'),
    callback_secret: z
      .string()
      .min(16)
      .optional()
      .describe(
        'HMAC-SHA256 key of the x-outlast-signature header of callbacks (at least 16 characters); without it callbacks are sent unsigned.',
      ),
    default_deadline_s: z
      .int()
      .positive()
      .max(MAX_JOB_DEADLINE_S)
      .default(DEFAULT_JOBS.default_deadline_s)
      .describe('Seconds a job may wait and retry when it gives no deadline_s; then it fails with its last error.'),
    max_attempts: z
      .int()
      .min(1)
      .max(100)
      .default(DEFAULT_JOBS.max_attempts)
      .describe('Upstream dispatches per job (each one a full gateway request with failover) before it fails.'),
    lease_s: z
      .int()
      .min(1)
      .default(DEFAULT_JOBS.lease_s)
      .describe(
        'A running job not renewed for this long (its process died) goes back to the queue, at start and by the sweeper.',
      ),
    retention_days: z
      .number()
      .positive()
      .default(DEFAULT_JOBS.retention_days)
      .describe('Finished jobs (and their results) are deleted this many days after they finish.'),
  })
  .default(() => ({ ...DEFAULT_JOBS }))
  .describe('Durable async jobs: a SQLite queue in the data directory, run when a target of the route is healthy.');

/** The validated `jobs` section. */
export type JobsConfig = z.output<typeof jobsSchema>;
