import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from '../config/load-config.ts';
import { createGateway } from '../gateway.ts';
import { createMemoryJobsStore } from '../store/jobs/memory-jobs-store.ts';
import { createJobService, type JobInput } from './create-job-service.ts';

function service(nowMs = 1_000_000) {
  const loaded = parseConfigText(
    `
providers:
  - { id: openai, type: openai, api_key: sk-test, base_url: "http://127.0.0.1:9/v1" }
jobs: { default_deadline_s: 60, max_attempts: 4 }
`,
    {},
  );
  assert.ok(loaded.ok);
  const gateway = createGateway(loaded.config);
  const store = createMemoryJobsStore();
  const jobs = createJobService({
    store,
    dispatch: gateway.dispatch,
    routeAvailability: gateway.routeAvailability,
    config: () => gateway.config().jobs,
    now: () => nowMs,
    random: () => 0.5,
    send: async () => ({ status: 204 }),
    logError: () => {},
  });
  return { jobs, store };
}

const input = (overrides: Partial<JobInput> = {}): JobInput => ({
  format: 'openai',
  operation: 'chat',
  body: { model: 'gpt-5', stream: true, stream_options: { include_usage: true }, messages: [] },
  passHeaders: {},
  owner: undefined,
  callbackUrl: undefined,
  deadlineS: undefined,
  priority: 0,
  idempotencyKey: undefined,
  ...overrides,
});

test('a job is stored non-streamed, with the default deadline and attempts of the config', () => {
  const { jobs } = service();
  const { job } = jobs.submit(input());
  assert.deepEqual(JSON.parse(job.request), { model: 'gpt-5', messages: [] });
  assert.equal(job.deadlineAtMs, 1_000_000 + 60_000);
  assert.equal(job.maxAttempts, 4);
  assert.match(job.id, /^job_[0-9a-f]{32}$/);
});

test('a job with an owner is read only by that owner; a job without one by anyone', () => {
  const { jobs } = service();
  const owned = jobs.submit(input({ owner: 'key-a' })).job;
  const open = jobs.submit(input()).job;
  assert.equal(jobs.read(owned.id, 'key-a')?.id, owned.id);
  assert.equal(jobs.read(owned.id, 'key-b'), undefined);
  assert.equal(jobs.read(owned.id, undefined), undefined);
  assert.equal(jobs.read(open.id, 'key-b')?.id, open.id);
  assert.equal(jobs.inspect(owned.id)?.id, owned.id, 'the admin API sees every job');
});

test('an idempotency key replayed with the same request returns the job; with another one it conflicts', () => {
  const { jobs } = service();
  const first = jobs.submit(input({ idempotencyKey: 'k' }));
  const again = jobs.submit(input({ idempotencyKey: 'k' }));
  assert.equal(again.created, false);
  assert.equal(again.job.id, first.job.id);
  assert.throws(
    () => jobs.submit(input({ idempotencyKey: 'k', body: { model: 'gpt-5', messages: [{ role: 'user' }] } })),
    (error: Error & { code?: string }) => error.code === 'OUTLAST_JOB_CONFLICT',
  );
  assert.equal(jobs.submit(input({ idempotencyKey: 'k', owner: 'other' })).created, true, 'keys are per owner');
});

test('cancelling a queued job fails it with OUTLAST_JOB_CANCELLED', () => {
  const { jobs } = service();
  const { job } = jobs.submit(input());
  assert.equal(jobs.cancel(job.id)?.error?.code, 'OUTLAST_JOB_CANCELLED');
  assert.equal(jobs.cancel('job_missing'), undefined);
  assert.equal(jobs.counts().byStatus.failed, 1);
});
