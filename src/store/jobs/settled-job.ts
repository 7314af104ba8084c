import type { JobRecord, JobSettlement } from './jobs-store.ts';

/** Applies a settlement to a leased job (the one definition both backends apply). */
export function settledJob(job: JobRecord, settlement: JobSettlement): JobRecord {
  const released = { ...job, leaseUntilMs: undefined, leaseToken: undefined, updatedAtMs: settlement.nowMs };
  switch (settlement.kind) {
    case 'succeeded':
    case 'failed':
      return {
        ...released,
        status: settlement.kind,
        result: settlement.kind === 'succeeded' ? settlement.result : undefined,
        error: settlement.kind === 'failed' ? settlement.error : undefined,
        finishedAtMs: settlement.nowMs,
        callbackState: job.callbackUrl === undefined ? 'none' : 'pending',
        callbackNextAtMs: job.callbackUrl === undefined ? undefined : settlement.nowMs,
      };
    case 'retry':
      return { ...released, status: 'queued', error: settlement.error, nextAttemptAtMs: settlement.nextAttemptAtMs };
    case 'defer':
      return { ...released, status: 'queued', nextAttemptAtMs: settlement.nextAttemptAtMs };
  }
}
