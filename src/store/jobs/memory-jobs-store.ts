import type { JobCounts, JobRecord, JobsStore, NewJob } from './jobs-store.ts';
import { settledJob } from './settled-job.ts';

/** Orders due queued jobs: higher priority first, then older first, then id (stable). */
export function compareQueued(left: JobRecord, right: JobRecord): number {
  return right.priority - left.priority || left.createdAtMs - right.createdAtMs || (left.id < right.id ? -1 : 1);
}

/** The in-memory jobs store, for a gateway without a data directory (jobs do not survive a restart). */
export function createMemoryJobsStore(): JobsStore {
  const jobs = new Map<string, JobRecord>();
  const byKey = new Map<string, string>();
  const keyOf = (owner: string | undefined, key: string) => `${owner ?? ''}\u0000${key}`;

  function leased(id: string, token: string): JobRecord | undefined {
    const job = jobs.get(id);
    return job !== undefined && job.status === 'running' && job.leaseToken === token ? job : undefined;
  }

  return {
    submit(draft: NewJob) {
      if (draft.idempotencyKey !== undefined) {
        const existingId = byKey.get(keyOf(draft.owner, draft.idempotencyKey));
        const existing = existingId === undefined ? undefined : jobs.get(existingId);
        if (existing !== undefined) return { job: { ...existing }, created: false };
      }
      const job: JobRecord = {
        ...draft,
        status: 'queued',
        attempts: 0,
        updatedAtMs: draft.createdAtMs,
        nextAttemptAtMs: draft.createdAtMs,
        leaseUntilMs: undefined,
        leaseToken: undefined,
        startedAtMs: undefined,
        finishedAtMs: undefined,
        result: undefined,
        error: undefined,
        callbackState: 'none',
        callbackAttempts: 0,
        callbackNextAtMs: undefined,
        callbackLastError: undefined,
      };
      jobs.set(job.id, job);
      if (draft.idempotencyKey !== undefined) byKey.set(keyOf(draft.owner, draft.idempotencyKey), job.id);
      return { job: { ...job }, created: true };
    },
    get(id) {
      const job = jobs.get(id);
      return job === undefined ? undefined : { ...job };
    },
    claim({ nowMs, leaseMs, token }) {
      let best: JobRecord | undefined;
      for (const job of jobs.values()) {
        if (job.status !== 'queued' || job.nextAttemptAtMs > nowMs) continue;
        if (best === undefined || compareQueued(job, best) < 0) best = job;
      }
      if (best === undefined) return undefined;
      const claimed: JobRecord = {
        ...best,
        status: 'running',
        leaseToken: token,
        leaseUntilMs: nowMs + leaseMs,
        updatedAtMs: nowMs,
      };
      jobs.set(claimed.id, claimed);
      return { ...claimed };
    },
    beginAttempt({ id, token, nowMs, leaseMs }) {
      const job = leased(id, token);
      if (job === undefined) return false;
      jobs.set(id, {
        ...job,
        attempts: job.attempts + 1,
        startedAtMs: job.startedAtMs ?? nowMs,
        leaseUntilMs: nowMs + leaseMs,
        updatedAtMs: nowMs,
      });
      return true;
    },
    renewLease({ id, token, leaseUntilMs }) {
      const job = leased(id, token);
      if (job === undefined) return false;
      jobs.set(id, { ...job, leaseUntilMs });
      return true;
    },
    settle(id, token, settlement) {
      const job = leased(id, token);
      if (job === undefined) return false;
      jobs.set(id, settledJob(job, settlement));
      return true;
    },
    requeueExpired(nowMs) {
      let count = 0;
      for (const job of jobs.values()) {
        if (job.status !== 'running' || (job.leaseUntilMs ?? 0) >= nowMs) continue;
        jobs.set(job.id, {
          ...job,
          status: 'queued',
          leaseToken: undefined,
          leaseUntilMs: undefined,
          nextAttemptAtMs: nowMs,
          updatedAtMs: nowMs,
        });
        count++;
      }
      return count;
    },
    cancel(id, error, nowMs) {
      const job = jobs.get(id);
      if (job === undefined) return undefined;
      if (job.status === 'succeeded' || job.status === 'failed') return { ...job };
      const cancelled = settledJob(job, { kind: 'failed', error, nowMs });
      jobs.set(id, cancelled);
      return { ...cancelled };
    },
    dueCallbacks({ nowMs, limit }) {
      return [...jobs.values()]
        .filter((job) => job.callbackState === 'pending' && (job.callbackNextAtMs ?? 0) <= nowMs)
        .sort((left, right) => (left.finishedAtMs ?? 0) - (right.finishedAtMs ?? 0))
        .slice(0, limit)
        .map((job) => ({ ...job }));
    },
    recordCallback(id, outcome) {
      const job = jobs.get(id);
      if (job === undefined || job.callbackState !== 'pending') return;
      jobs.set(id, {
        ...job,
        callbackAttempts: job.callbackAttempts + 1,
        callbackState: outcome.acknowledged ? 'acknowledged' : 'pending',
        callbackNextAtMs: outcome.acknowledged ? undefined : outcome.nextAtMs,
        callbackLastError: outcome.acknowledged ? job.callbackLastError : outcome.error,
      });
    },
    counts(nowMs): JobCounts {
      const byStatus = { queued: 0, running: 0, succeeded: 0, failed: 0 };
      let oldest: number | undefined;
      let callbacksPending = 0;
      for (const job of jobs.values()) {
        byStatus[job.status]++;
        if (job.status === 'queued') oldest = Math.min(oldest ?? job.createdAtMs, job.createdAtMs);
        if (job.callbackState === 'pending') callbacksPending++;
      }
      return { byStatus, oldestQueuedAgeMs: oldest === undefined ? 0 : Math.max(0, nowMs - oldest), callbacksPending };
    },
    list({ status, limit, beforeCreatedAtMs }) {
      return [...jobs.values()]
        .filter((job) => status === undefined || job.status === status)
        .filter((job) => beforeCreatedAtMs === undefined || job.createdAtMs < beforeCreatedAtMs)
        .sort((left, right) => right.createdAtMs - left.createdAtMs || (left.id < right.id ? 1 : -1))
        .slice(0, limit)
        .map((job) => ({ ...job }));
    },
    purge(finishedBeforeMs) {
      let count = 0;
      for (const job of [...jobs.values()]) {
        if (job.finishedAtMs === undefined || job.finishedAtMs >= finishedBeforeMs) continue;
        jobs.delete(job.id);
        if (job.idempotencyKey !== undefined) byKey.delete(keyOf(job.owner, job.idempotencyKey));
        count++;
      }
      return count;
    },
    close() {},
  };
}
