import { randomUUID } from 'node:crypto';
import type { JobsConfig } from '../config/jobs-schema.ts';
import type { Dispatch, GatewayAnswer, GatewayRequest } from '../core/gateway-request.ts';
import type { Operation, WireFormat } from '../core/provider-adapter.ts';
import { fullJitterBackoffMs } from '../policies/backoff.ts';
import type { TargetAvailability } from '../policies/target-state.ts';
import type { JobError, JobRecord, JobsStore } from '../store/jobs/jobs-store.ts';
import { decideClaimedJob, healthWaitMs } from './decide-claimed-job.ts';
import { decideJobRetry } from './decide-job-retry.ts';
import { describeErrorAnswer, describeThrownFailure, type JobFailure } from './describe-job-failure.ts';
import { renderJob } from './render-job.ts';
import type { SendOutbound } from './send-outbound.ts';
import { signCallback } from './sign-callback.ts';

/** What the runner needs. */
export interface JobRunnerDeps {
  /** The durable queue. */
  store: JobsStore;
  /** The gateway's pipeline: each attempt of a job is one gateway request, with its failover and retries. */
  dispatch: Dispatch;
  /** Availability of the targets of a model's route (the registry view); undefined when nothing serves the model. */
  routeAvailability: (model: string, format: WireFormat) => TargetAvailability[] | undefined;
  /** The `jobs` config in force. */
  config: () => JobsConfig;
  /** Clock (epoch ms). */
  now: () => number;
  /** Uniform source in [0, 1) for jitter. */
  random: () => number;
  /** The outbound HTTP function for callbacks. */
  send: SendOutbound;
  /** Logs a defect (never bodies or secrets). */
  logError: (message: string, fields: Record<string, unknown>) => void;
  /** Longest idle wait before looking at the queue again, in ms (default 250; a submission wakes workers at once). */
  pollMs?: number;
}

/** The workers, the lease sweeper and the callback deliverer of one process. */
export interface JobRunner {
  /** Re-queues jobs left running by a dead process, then starts the loops. */
  start(): void;
  /** Wakes idle workers (a job was submitted). */
  wake(): void;
  /** Aborts the dispatch of a job running here (after it was cancelled in the store). */
  abort(id: string): void;
  /** Stops the loops; running jobs go back to the queue; waits for them to let go. */
  stop(): Promise<void>;
}

/** Time allowed to a callback receiver. */
const callbackTimeoutMs = 10_000;
/** Callback retry backoff: full jitter from 1 s, doubling, at most 5 minutes; never under 250 ms. */
const callbackBackoff = { baseMs: 1000, capMs: 300_000, floorMs: 250 } as const;

const operations: Record<string, Operation> = {
  chat: 'chat',
  messages: 'messages',
  embeddings: 'embeddings',
  count_tokens: 'count_tokens',
};

function readAll(body: GatewayAnswer['body']): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return Promise.resolve(body);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('end', () => resolve(Buffer.concat(chunks)));
    body.on('error', reject);
  });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Creates the runner; nothing runs until start(). */
export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { store, now } = deps;
  const pollMs = deps.pollMs ?? 250;
  const running = new Map<string, AbortController>();
  const delivering = new Set<string>();
  const waiters = new Set<() => void>();
  const loops: Promise<void>[] = [];
  let stopping = false;
  const stopped = new AbortController();
  let sweeper: NodeJS.Timeout | undefined;

  function idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      timer.unref();
      waiters.add(done);
    });
  }

  function wake(): void {
    for (const waiter of [...waiters]) waiter();
  }

  function settleFailure(job: JobRecord, token: string, failure: JobFailure, attempts: number): void {
    const nowMs = now();
    const decision = decideJobRetry({
      retryable: failure.retryable,
      attempts,
      maxAttempts: job.maxAttempts,
      nowMs,
      deadlineAtMs: job.deadlineAtMs,
      retryAfterMs: failure.retryAfterMs,
      random: deps.random,
    });
    if (decision.action === 'retry') {
      store.settle(job.id, token, { kind: 'retry', error: failure.error, nextAttemptAtMs: decision.atMs, nowMs });
    } else {
      store.settle(job.id, token, { kind: 'failed', error: failure.error, nowMs });
      wake();
    }
  }

  function deadlineError(job: JobRecord): JobError {
    const last = job.error === undefined ? '' : ` Last failure: ${job.error.code}: ${job.error.message}`;
    return {
      code: 'OUTLAST_JOB_DEADLINE',
      message: `The job's deadline passed before it succeeded.${last}`,
      status: 504,
    };
  }

  async function runJob(job: JobRecord, token: string): Promise<void> {
    const config = deps.config();
    const leaseMs = config.lease_s * 1000;
    let nowMs = now();
    const body = JSON.parse(job.request) as Record<string, unknown>;
    const model = typeof body.model === 'string' ? body.model : '';
    const decision = decideClaimedJob({
      nowMs,
      deadlineAtMs: job.deadlineAtMs,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      availability: deps.routeAvailability(model, job.format),
    });
    if (decision.action === 'defer') {
      store.settle(job.id, token, { kind: 'defer', nextAttemptAtMs: decision.untilMs, nowMs });
      return;
    }
    if (decision.action === 'fail') {
      const error =
        job.error ??
        (decision.reason === 'deadline'
          ? deadlineError(job)
          : { code: 'OUTLAST_UPSTREAM_FAILED', message: 'The job spent its attempts.' });
      store.settle(job.id, token, { kind: 'failed', error, nowMs });
      wake();
      return;
    }
    if (!store.beginAttempt({ id: job.id, token, nowMs, leaseMs })) return;
    const attempts = job.attempts + 1;
    const controller = new AbortController();
    running.set(job.id, controller);
    const renew = setInterval(
      () => {
        const renewed = store.renewLease({ id: job.id, token, leaseUntilMs: now() + leaseMs });
        if (!renewed) controller.abort('lease-lost');
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    const deadline = setTimeout(() => controller.abort('deadline'), Math.max(0, job.deadlineAtMs - nowMs));
    const request: GatewayRequest = {
      requestId: `${job.id}.${attempts}`,
      format: job.format,
      operation: operations[job.operation] ?? 'chat',
      model,
      stream: false,
      body,
      raw: Buffer.from(job.request),
      passHeaders: job.passHeaders,
      search: '',
      signal: controller.signal,
      clientRetryCount: 0,
    };
    try {
      const answer = await deps.dispatch(request);
      const bytes = await readAll(answer.body);
      nowMs = now();
      if (answer.status < 400) {
        store.settle(job.id, token, { kind: 'succeeded', result: bytes.toString('utf8'), nowMs });
        wake();
      } else {
        const failure = describeErrorAnswer(
          answer.status,
          bytes.toString('utf8'),
          firstHeader(answer.headers['retry-after']),
        );
        settleFailure(job, token, failure, attempts);
      }
    } catch (thrown) {
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason === 'stopping') {
        store.settle(job.id, token, { kind: 'defer', nextAttemptAtMs: now(), nowMs: now() });
      } else if (reason === 'deadline') {
        const latest = store.get(job.id) ?? job;
        store.settle(job.id, token, { kind: 'failed', error: deadlineError(latest), nowMs: now() });
        wake();
      } else if (reason === undefined) {
        settleFailure(job, token, describeThrownFailure(thrown), attempts);
      }
      // Cancelled or lease lost: the store already moved the job on; nothing to settle.
    } finally {
      clearInterval(renew);
      clearTimeout(deadline);
      running.delete(job.id);
    }
  }

  async function work(): Promise<void> {
    while (!stopping) {
      const token = randomUUID();
      let job: JobRecord | undefined;
      try {
        job = store.claim({ nowMs: now(), leaseMs: deps.config().lease_s * 1000, token });
      } catch (error) {
        deps.logError('jobs: claim failed', { error: String(error) });
      }
      if (job === undefined) {
        await idle();
        continue;
      }
      try {
        await runJob(job, token);
      } catch (error) {
        deps.logError('jobs: a job run failed with a defect', { jobId: job.id, error: String(error) });
        try {
          store.settle(job.id, token, { kind: 'defer', nextAttemptAtMs: now() + healthWaitMs, nowMs: now() });
        } catch {
          // The sweeper re-queues it when its lease ends.
        }
      }
    }
  }

  async function deliver(job: JobRecord): Promise<void> {
    delivering.add(job.id);
    try {
      // Without the delivery bookkeeping, so a redelivery after a restart carries the same body.
      const { callback: _delivery, ...payload } = renderJob(job);
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'outlast-jobs',
        'idempotency-key': job.idempotencyKey ?? job.id,
        'x-outlast-job-id': job.id,
      };
      const secret = deps.config().callback_secret;
      if (secret !== undefined) {
        headers['x-outlast-signature'] = signCallback({ secret, body, unixSeconds: now() / 1000 });
      }
      let error: string | undefined;
      try {
        const { status } = await deps.send({
          url: job.callbackUrl!,
          headers,
          body,
          timeoutMs: callbackTimeoutMs,
          signal: stopped.signal,
        });
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (thrown) {
        error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : 'delivery failed';
      }
      if (stopping) return;
      if (error === undefined) {
        store.recordCallback(job.id, { acknowledged: true, nowMs: now() });
      } else {
        const waitMs = fullJitterBackoffMs({ attempt: job.callbackAttempts, ...callbackBackoff, random: deps.random });
        const nextAtMs = now() + Math.max(callbackBackoff.floorMs, waitMs);
        store.recordCallback(job.id, { acknowledged: false, error: error.slice(0, 200), nextAtMs });
      }
    } catch (error) {
      deps.logError('jobs: callback bookkeeping failed', { jobId: job.id, error: String(error) });
    } finally {
      delivering.delete(job.id);
    }
  }

  async function deliverCallbacks(): Promise<void> {
    while (!stopping) {
      let due: JobRecord[] = [];
      try {
        due = store.dueCallbacks({ nowMs: now(), limit: 16 }).filter((job) => !delivering.has(job.id));
      } catch (error) {
        deps.logError('jobs: reading due callbacks failed', { error: String(error) });
      }
      if (due.length === 0) {
        await idle();
        continue;
      }
      await Promise.all(due.map(deliver));
    }
  }

  function sweep(): void {
    try {
      const nowMs = now();
      store.requeueExpired(nowMs);
      store.purge(nowMs - deps.config().retention_days * 86_400_000);
    } catch (error) {
      deps.logError('jobs: sweep failed', { error: String(error) });
    }
  }

  return {
    start() {
      sweep();
      const config = deps.config();
      sweeper = setInterval(sweep, Math.min(5000, Math.max(250, (config.lease_s * 1000) / 2)));
      sweeper.unref();
      for (let index = 0; index < config.workers; index++) loops.push(work());
      loops.push(deliverCallbacks());
    },
    wake,
    abort(id) {
      running.get(id)?.abort('cancelled');
    },
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      stopped.abort();
      for (const controller of running.values()) controller.abort('stopping');
      wake();
      await Promise.allSettled(loops);
    },
  };
}
