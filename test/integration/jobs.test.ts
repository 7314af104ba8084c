import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { jobsMetrics } from '../../src/jobs/jobs-metrics.ts';
import { verifyCallbackSignature } from '../../src/jobs/sign-callback.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const secret = 'test-callback-secret-0123';
const adminKey = 'admin-test-key';

// The monitor's probes of suspect targets would add upstream requests; these tests count the jobs' own.
const config = `
monitoring: { enabled: false }
# Callbacks go to a loopback receiver: private addresses are allowed for this test only.
server: { allow_private_urls: true }
defaults: { retry: { base_ms: 5, cap_ms: 10 }, breaker: { consecutive_failures: 2, base_open_ms: 3000, max_open_ms: 6000 } }
providers:
  - { id: primary, type: openai, api_key: sk-primary-secret, base_url: "\${SIM}/v1", models: [] }
  - { id: backup, type: openai-compatible, api_key: sk-backup-secret, base_url: "\${SIM}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-secret, base_url: "\${SIM}", models: [] }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
  - model: claude-smart
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
jobs: { callback_secret: ${secret}, lease_s: 2 }
`;

type JobView = {
  id: string;
  status: string;
  attempts: number;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; status?: number };
  callback?: { state: string; attempts: number };
  created_at: string;
  finished_at?: string;
};

const chatBody = { model: 'smart', messages: [{ role: 'user', content: 'hello jobs' }] };

async function submit(stack: Stack, body: unknown, headers: Record<string, string> = {}) {
  const response = await request(`${stack.url}/v1/outlast/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, headers: response.headers, json: (await response.body.json()) as JobView };
}

async function getJob(stack: Stack, id: string): Promise<JobView> {
  const response = await request(`${stack.url}/v1/outlast/jobs/${id}`);
  assert.equal(response.statusCode, 200);
  return (await response.body.json()) as JobView;
}

async function waitFor(stack: Stack, id: string, done = ['succeeded', 'failed'], timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const job = await getJob(stack, id);
    if (done.includes(job.status)) return job;
    if (Date.now() - started > timeoutMs) assert.fail(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await delay(50);
  }
}

async function openEveryBreaker(stack: Stack): Promise<void> {
  stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
  for (let index = 0; index < 10; index++) {
    const open = stack.gateway.gateway.targets().filter((target) => target.availability === 'open').length;
    if (open === 2) return;
    const response = await request(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chatBody),
    });
    await response.body.dump();
  }
  assert.fail('the breakers did not open');
}

describe('async jobs', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack(config, { adminKey });
  });
  after(() => stack.close());
  beforeEach(() => {
    stack.simulator.clearFaults();
    stack.simulator.resetStats();
    for (const target of stack.gateway.gateway.targets())
      stack.gateway.gateway.resetTarget(target.provider, target.model);
  });

  test('a submitted OpenAI job is queued with 202, then succeeds with a chat completion as its result', async () => {
    const { status, headers, json } = await submit(stack, { format: 'openai', request: chatBody });
    assert.equal(status, 202);
    assert.equal(json.status, 'queued');
    assert.match(json.id, /^job_[0-9a-f]{32}$/);
    assert.equal(headers.location, `/v1/outlast/jobs/${json.id}`);
    const done = await waitFor(stack, json.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 1);
    assert.equal(done.result?.object, 'chat.completion');
    const choices = done.result?.choices as { message: { content: string } }[];
    assert.ok(choices[0]!.message.content.length > 0);
  });

  test('an Anthropic job that asked for a stream runs non-streamed and keeps an Anthropic message as its result', async () => {
    const { status, json } = await submit(
      stack,
      {
        format: 'anthropic',
        request: {
          model: 'claude-smart',
          max_tokens: 32,
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        },
      },
      { 'anthropic-version': '2023-06-01' },
    );
    assert.equal(status, 202);
    const done = await waitFor(stack, json.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.result?.type, 'message');
    assert.equal(done.result?.model, 'claude-sonnet-4-6');
  });

  test('Prefer: respond-async through the OpenAI SDK answers 202 with a job and Preference-Applied', async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const { data, response } = await client.chat.completions
      .create(
        { model: 'smart', messages: [{ role: 'user', content: 'later please' }] },
        {
          headers: { prefer: 'respond-async' },
        },
      )
      .withResponse();
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('preference-applied'), 'respond-async');
    const job = data as unknown as JobView;
    assert.equal(job.status, 'queued');
    const done = await waitFor(stack, job.id);
    assert.equal(done.result?.object, 'chat.completion');
    assert.equal(stack.simulator.stats().total, 1);
  });

  test('Prefer: respond-async through the Anthropic SDK queues the message request', async () => {
    const client = new Anthropic({ baseURL: stack.url, apiKey: 'k', maxRetries: 0 });
    const { data, response } = await client.messages
      .create(
        { model: 'claude-smart', max_tokens: 16, messages: [{ role: 'user', content: 'later' }] },
        {
          headers: { Prefer: 'respond-async', 'Idempotency-Key': 'anthropic-prefer-1' },
        },
      )
      .withResponse();
    assert.equal(response.status, 202);
    const job = data as unknown as JobView & { idempotency_key: string };
    assert.equal(job.idempotency_key, 'anthropic-prefer-1');
    assert.equal((await waitFor(stack, job.id)).result?.type, 'message');
  });

  test('a bad inner request is a 400 naming the field and is never queued', async () => {
    const before = stack.gateway.jobs.counts();
    const { status, json } = await submit(stack, {
      format: 'openai',
      request: { model: 'smart', messages: [{ role: 'wizard', content: 'x' }] },
    });
    assert.equal(status, 400);
    const error = (json as unknown as { error: { param: string; code: string; message: string } }).error;
    assert.equal(error.code, 'OUTLAST_INVALID_REQUEST');
    assert.match(error.param, /^request\.messages\[0\]/);
    assert.match(error.message, /request\.messages\[0\]/);
    assert.deepEqual(stack.gateway.jobs.counts().byStatus, before.byStatus);
  });

  test('the envelope is checked strictly: gemini, an unknown key, a bad callback URL and an unknown model', async () => {
    const gemini = await submit(stack, { format: 'gemini', request: { model: 'x', contents: [] } });
    assert.equal(gemini.status, 400);
    assert.equal((gemini.json as unknown as { error: { param: string } }).error.param, 'format');
    const typo = await submit(stack, { format: 'openai', request: chatBody, callbackUrl: 'http://x' });
    assert.equal(typo.status, 400);
    assert.match(JSON.stringify(typo.json), /callbackUrl/);
    const badUrl = await submit(stack, { format: 'openai', request: chatBody, callback_url: 'ftp://x/y' });
    assert.equal(badUrl.status, 400);
    assert.equal((badUrl.json as unknown as { error: { param: string } }).error.param, 'callback_url');
    const unknown = await submit(stack, { format: 'openai', request: { ...chatBody, model: 'nope' } });
    assert.equal(unknown.status, 404);
    assert.equal((unknown.json as unknown as { error: { param: string } }).error.param, 'request.model');
    const anthropicBad = await submit(stack, { format: 'anthropic', request: { model: 'claude-smart' } });
    assert.equal(anthropicBad.status, 400);
    assert.equal((anthropicBad.json as unknown as { type: string }).type, 'error', 'an Anthropic-shaped error');
  });

  test('the same idempotency key returns the existing job (200); with another request it is a 409', async () => {
    const first = await submit(stack, { format: 'openai', request: chatBody, idempotency_key: 'order-42' });
    assert.equal(first.status, 202);
    const again = await submit(stack, { format: 'openai', request: chatBody, idempotency_key: 'order-42' });
    assert.equal(again.status, 200);
    assert.equal(again.json.id, first.json.id);
    const other = { ...chatBody, messages: [{ role: 'user', content: 'something else' }] };
    const conflict = await submit(stack, { format: 'openai', request: other, idempotency_key: 'order-42' });
    assert.equal(conflict.status, 409);
    assert.equal((conflict.json as unknown as { error: { code: string } }).error.code, 'OUTLAST_JOB_CONFLICT');
    await waitFor(stack, first.json.id);
  });

  test('an unknown job id is a 404 in the client format', async () => {
    const response = await request(`${stack.url}/v1/outlast/jobs/job_00000000000000000000000000000000`);
    assert.equal(response.statusCode, 404);
    const body = (await response.body.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'OUTLAST_JOB_NOT_FOUND');
  });

  test('with every target of the route down the job waits without upstream attempts and succeeds after recovery', async () => {
    await openEveryBreaker(stack);
    const upstreamBefore = stack.simulator.stats().total;
    const { json } = await submit(stack, { format: 'openai', request: chatBody });
    await delay(600);
    const waiting = await getJob(stack, json.id);
    assert.equal(waiting.status, 'queued');
    assert.equal(waiting.attempts, 0, 'no attempt spent while every breaker is open');
    assert.equal(stack.simulator.stats().total, upstreamBefore, 'no upstream request while every breaker is open');
    stack.simulator.clearFaults();
    const done = await waitFor(stack, json.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.attempts, 1);
  });

  test('a job whose retries would run past its deadline fails with its last upstream error', async () => {
    stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
    const { json } = await submit(stack, { format: 'openai', request: chatBody, deadline_s: 1 });
    const done = await waitFor(stack, json.id);
    assert.equal(done.status, 'failed');
    assert.match(done.error?.code ?? '', /^OUTLAST_UPSTREAM_/);
    assert.ok(done.attempts >= 1);
    const tookMs = Date.parse(done.finished_at!) - Date.parse(done.created_at);
    assert.ok(tookMs < 5000, `failed after ${tookMs} ms`);
  });

  test('a job that waits out its deadline behind open breakers fails with OUTLAST_JOB_DEADLINE and no attempt', async () => {
    await openEveryBreaker(stack);
    const upstreamBefore = stack.simulator.stats().total;
    const { json } = await submit(stack, { format: 'openai', request: chatBody, deadline_s: 1 });
    const done = await waitFor(stack, json.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.error?.code, 'OUTLAST_JOB_DEADLINE');
    assert.equal(done.attempts, 0);
    assert.equal(stack.simulator.stats().total, upstreamBefore);
    const tookMs = Date.parse(done.finished_at!) - Date.parse(done.created_at);
    assert.ok(tookMs >= 1000, `failed after ${tookMs} ms, before its deadline`);
  });

  test('a callback arrives signed, is retried after receiver errors, and is acknowledged once', async () => {
    const deliveries: { headers: IncomingMessage['headers']; body: string; verified: boolean }[] = [];
    const receiver = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = verifyCallbackSignature({
          secret,
          header: incoming.headers['x-outlast-signature'] as string | undefined,
          body,
          nowUnixSeconds: Date.now() / 1000,
        });
        deliveries.push({ headers: incoming.headers, body, verified });
        response.writeHead(deliveries.length <= 2 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const { json } = await submit(stack, {
        format: 'openai',
        request: chatBody,
        callback_url: `http://127.0.0.1:${port}/hooks/outlast`,
        idempotency_key: 'callback-1',
      });
      const started = Date.now();
      let job = await waitFor(stack, json.id);
      while (job.callback?.state !== 'acknowledged') {
        assert.ok(Date.now() - started < 20_000, 'callback not acknowledged in time');
        await delay(50);
        job = await getJob(stack, json.id);
      }
      assert.equal(deliveries.length, 3);
      assert.equal(job.callback.attempts, 3);
      for (const delivery of deliveries) {
        assert.equal(delivery.verified, true);
        assert.equal(delivery.headers['idempotency-key'], 'callback-1');
        const payload = JSON.parse(delivery.body) as JobView;
        assert.equal(payload.id, json.id);
        assert.equal(payload.status, 'succeeded');
        assert.equal(payload.result?.object, 'chat.completion');
      }
      await delay(600);
      assert.equal(deliveries.length, 3, 'no delivery after the acknowledgement');
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  test('the admin API shows queue depth and a page of jobs, and cancels a waiting job', async () => {
    const auth = { authorization: `Bearer ${adminKey}` };
    await openEveryBreaker(stack);
    const { json } = await submit(stack, { format: 'openai', request: chatBody, priority: 3 });
    const list = await request(`${stack.url}/admin/api/jobs?status=queued`, { headers: auth });
    assert.equal(list.statusCode, 200);
    const page = (await list.body.json()) as {
      counts: Record<string, number>;
      oldest_queued_age_s: number;
      jobs: JobView[];
    };
    assert.ok(page.counts.queued! >= 1);
    assert.ok(page.oldest_queued_age_s >= 0);
    assert.ok(page.jobs.some((job) => job.id === json.id));
    const metrics = jobsMetrics(stack.gateway.jobs);
    assert.ok(metrics.some((sample) => sample.name === 'outlast_jobs' && sample.labels.status === 'queued'));
    const one = await request(`${stack.url}/admin/api/jobs/${json.id}`, { headers: auth });
    assert.equal(((await one.body.json()) as { job: JobView }).job.id, json.id);
    const cancel = await request(`${stack.url}/admin/api/jobs/${json.id}/cancel`, { method: 'POST', headers: auth });
    assert.equal(cancel.statusCode, 200);
    const cancelled = await getJob(stack, json.id);
    assert.equal(cancelled.status, 'failed');
    assert.equal(cancelled.error?.code, 'OUTLAST_JOB_CANCELLED');
    const missing = await request(`${stack.url}/admin/api/jobs/job_nope`, { headers: auth });
    assert.equal(missing.statusCode, 404);
    await missing.body.dump();
    const unauthorized = await request(`${stack.url}/admin/api/jobs`);
    assert.equal(unauthorized.statusCode, 401);
    await unauthorized.body.dump();
  });
});
