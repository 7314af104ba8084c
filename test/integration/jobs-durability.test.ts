import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { verifyCallbackSignature } from '../../src/jobs/sign-callback.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const secret = 'durability-secret-0123456789';
const adminKey = 'durability-admin-key';
const jobCount = 30;

type JobView = { id: string; status: string; attempts: number; result?: unknown; callback?: { state: string } };

interface Gateway {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function startGateway(configPath: string, dataDir: string): Promise<Gateway> {
  const child = spawn(process.execPath, [main, 'start', '--config', configPath, '--port', '0', '--data', dataDir], {
    env: { ...process.env, OUTLAST_ADMIN_KEY: adminKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match !== null) resolve({ child, url: match[1]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before listening: ${err}`)));
  });
}

async function counts(url: string): Promise<Record<string, number>> {
  const response = await request(`${url}/admin/api/jobs?limit=1`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  const page = (await response.body.json()) as { counts: Record<string, number>; callbacks_pending: number };
  return { ...page.counts, callbacks_pending: page.callbacks_pending };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await delay(50);
  }
}

let simulator: Simulator;
let receiver: Server;
let dir: string;
const deliveries: { key: string; jobId: string; body: string; verified: boolean }[] = [];

before(async () => {
  simulator = createSimulator({ knobs: { latencyMs: 300 } });
  const sim = await simulator.listen(0, '127.0.0.1');
  receiver = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({
        key: String(incoming.headers['idempotency-key']),
        jobId: String(incoming.headers['x-outlast-job-id']),
        body,
        verified: verifyCallbackSignature({
          secret,
          header: incoming.headers['x-outlast-signature'] as string | undefined,
          body,
          nowUnixSeconds: Date.now() / 1000,
        }),
      });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'outlast-jobs-durability-'));
  writeFileSync(
    join(dir, 'outlast.yaml'),
    `
# Callbacks go to a loopback receiver: private addresses are allowed for this test only.
server: { allow_private_urls: true }
providers:
  - { id: openai, type: openai, api_key: sk-durability-secret, base_url: "${sim.url}/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 } ] }
jobs: { workers: 4, lease_s: 1, callback_secret: ${secret} }
`,
  );
});

after(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test('jobs survive a SIGKILL in the middle of running: each completes exactly once and is acknowledged once', async () => {
  const configPath = join(dir, 'outlast.yaml');
  const dataDir = join(dir, 'data');
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const submitAll = (url: string) =>
    Promise.all(
      Array.from({ length: jobCount }, async (_unused, index) => {
        const response = await request(`${url}/v1/outlast/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            format: 'openai',
            request: { model: 'smart', messages: [{ role: 'user', content: `job number ${index}` }] },
            callback_url: callbackUrl,
            idempotency_key: `order-${index}`,
          }),
        });
        return { status: response.statusCode, job: (await response.body.json()) as JobView };
      }),
    );

  const first = await startGateway(configPath, dataDir);
  const submitted = await submitAll(first.url);
  assert.ok(submitted.every((entry) => entry.status === 202));
  const ids = submitted.map((entry) => entry.job.id);
  await until(async () => {
    const now = await counts(first.url);
    return (now.succeeded ?? 0) >= 4 && (now.running ?? 0) >= 1;
  }, 'some jobs finished and some running');
  first.child.kill('SIGKILL');
  await first.exited;
  const acknowledgedBeforeCrash = new Set(deliveries.map((delivery) => delivery.key)).size;
  assert.ok(acknowledgedBeforeCrash < jobCount, 'the crash came before every job was done');

  const second = await startGateway(configPath, dataDir);
  try {
    const replayed = await submitAll(second.url);
    assert.deepEqual(
      replayed.map((entry) => entry.job.id),
      ids,
      'a replayed idempotency key finds the job made before the crash',
    );
    assert.ok(replayed.every((entry) => entry.status === 200));
    await until(async () => {
      const now = await counts(second.url);
      return now.succeeded === jobCount && now.callbacks_pending === 0;
    }, 'every job succeeded and every callback acknowledged');

    const keys = new Set(deliveries.map((delivery) => delivery.key));
    assert.equal(keys.size, jobCount, 'each idempotency key acknowledged by the receiver');
    assert.ok(
      deliveries.every((delivery) => delivery.verified),
      'every callback carries a valid signature',
    );
    let rerun = 0;
    for (const [index, id] of ids.entries()) {
      const response = await request(`${second.url}/v1/outlast/jobs/${id}`);
      const job = (await response.body.json()) as JobView;
      assert.equal(job.status, 'succeeded');
      assert.equal(job.callback?.state, 'acknowledged');
      if (job.attempts > 1) rerun++;
      const mine = deliveries.filter((delivery) => delivery.jobId === id);
      assert.ok(mine.length >= 1, `job ${index} was delivered`);
      assert.ok(
        mine.every((delivery) => delivery.key === `order-${index}`),
        'the idempotency key is the job’s',
      );
      for (const delivery of mine) {
        assert.deepEqual((JSON.parse(delivery.body) as JobView).result, job.result, `job ${index} has one result`);
      }
    }
    assert.ok(rerun >= 1, 'a job running at the crash was dispatched again after the restart');
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
});
