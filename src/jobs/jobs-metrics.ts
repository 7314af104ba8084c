import type { JobService } from './create-job-service.ts';

/** One gauge sample for /metrics. */
export interface JobsMetricSample {
  /** Prometheus metric name. */
  name: string;
  /** One-line help text. */
  help: string;
  /** Labels of the sample. */
  labels: Readonly<Record<string, string>>;
  /** The value. */
  value: number;
}

/**
 * A snapshot of the jobs queue for /metrics: `outlast_jobs{status}` (depth by status),
 * `outlast_jobs_oldest_queued_age_seconds` and `outlast_jobs_callbacks_pending`.
 */
export function jobsMetrics(jobs: JobService): JobsMetricSample[] {
  const counts = jobs.counts();
  const samples: JobsMetricSample[] = [];
  for (const [status, value] of Object.entries(counts.byStatus)) {
    samples.push({ name: 'outlast_jobs', help: 'Async jobs by status.', labels: { status }, value });
  }
  samples.push({
    name: 'outlast_jobs_oldest_queued_age_seconds',
    help: 'Age of the oldest queued job (0 when none).',
    labels: {},
    value: counts.oldestQueuedAgeMs / 1000,
  });
  samples.push({
    name: 'outlast_jobs_callbacks_pending',
    help: 'Finished jobs whose callback is not yet acknowledged.',
    labels: {},
    value: counts.callbacksPending,
  });
  return samples;
}
