import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import type { AuditRecord } from '../../src/store/audit/audit-store.ts';
import { openExistingAuditStore } from '../../src/store/audit/open-audit-store.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const adminKey = 'audit-admin-secret';
const runFile = promisify(execFile);

function configText(simUrl: string): string {
  return `
defaults:
  adaptive_throttle: false
  breaker: { consecutive_failures: 1000, minimum_calls: 1000 }
providers:
  - { id: primary, type: openai, api_key: sk-primary-secret, base_url: "${simUrl}/v1", models: [] }
  - { id: backup, type: openai, api_key: sk-backup-secret, base_url: "${simUrl}/v1", models: [] }
  - { id: claude, type: anthropic, api_key: sk-ant-secret, base_url: "${simUrl}", models: [] }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-5 } ]
  - model: claude
    targets: [ { provider: claude, model: claude-sonnet-4-6 } ]
audit: { flush_interval_ms: 100 }
`;
}

function readAll(dataDir: string): AuditRecord[] {
  const store = openExistingAuditStore(dataDir);
  if (store === undefined) return [];
  try {
    return [...store.scan({ sinceMs: 0 })];
  } finally {
    store.close();
  }
}

/** Every gateway started, so that none outlives the test whatever fails. */
const started: ChildProcess[] = [];

/** Starts `outlast start` as a child process; resolves with its URL once listening. `output()` is all it printed. */
async function startGateway(
  dir: string,
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    [main, 'start', '--config', join(dir, 'outlast.yaml'), '--port', '0', '--data', dataDir],
    { env: { ...process.env, OUTLAST_ADMIN_KEY: adminKey }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]!, output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${out}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the audit trail of a gateway killed with SIGKILL', () => {
  let simulator: Simulator;
  let dir: string;
  let dataDir: string;
  let child: ChildProcess;
  let url: string;
  let output: () => string;
  let clientKey: string;
  const requestIds: string[] = [];

  before(async () => {
    simulator = createSimulator();
    const simUrl = (await simulator.listen(0, '127.0.0.1')).url;
    simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
    dir = mkdtempSync(join(tmpdir(), 'outlast-audit-'));
    dataDir = join(dir, 'data');
    writeFileSync(join(dir, 'outlast.yaml'), configText(simUrl));
    ({ child, url, output } = await startGateway(dir, dataDir));
  });

  after(async () => {
    for (const gateway of started) await kill(gateway);
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every request and attempt flushed before the kill is in the store, and export prints them', async () => {
    const created = await fetch(`${url}/admin/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'audited' }),
    });
    const { id: keyId, key } = (await created.json()) as { id: string; key: string };
    clientKey = key;
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: url, apiKey: key, maxRetries: 0 });
    for (let index = 0; index < 6; index++) {
      const { response } = await openai.chat.completions
        .create({ model: 'smart', messages: [{ role: 'user', content: `question ${index}` }] })
        .withResponse();
      requestIds.push(response.headers.get('x-outlast-request-id')!);
      const stream = anthropic.messages.stream({
        model: 'claude',
        max_tokens: 50,
        messages: [{ role: 'user', content: `story ${index}` }],
      });
      await stream.finalMessage();
      requestIds.push((await stream.withResponse()).response.headers.get('x-outlast-request-id')!);
    }
    const refused = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer olk_wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(refused.status, 401);
    const total = requestIds.length + 1;
    assert.match(output(), /any client key is accepted/, 'the start said no key was enforced yet');

    // Wait for the flush interval to pass (the store is read as it fills), then kill without warning.
    for (let waited = 0; readAll(dataDir).length < total && waited < 15_000; waited += 50) await delay(50);
    await kill(child);

    const records = readAll(dataDir);
    assert.equal(records.length, total);
    const byId = new Map(records.map((record) => [record.requestId, record]));
    for (const requestId of requestIds) {
      const record = byId.get(requestId);
      assert.ok(record, `request ${requestId} is in the audit trail`);
      assert.equal(record.keyId, keyId);
      assert.equal(record.status, 200);
      assert.ok(record.outputTokens! > 0);
      assert.ok(record.costUsd! > 0);
      assert.equal(record.requestBody, null, 'bodies are off by default');
      assert.equal(record.responseBody, null);
    }
    const chats = records.filter((record) => record.model === 'smart' && record.status === 200);
    assert.equal(chats.length, 6);
    for (const chat of chats) {
      assert.equal(chat.fallback, true);
      assert.equal(chat.provider, 'backup');
      assert.ok(chat.attempts.length >= 2);
      assert.equal(chat.attempts[0]!.provider, 'primary');
      assert.notEqual(chat.attempts[0]!.outcome, 'ok');
      assert.deepEqual([chat.attempts.at(-1)!.provider, chat.attempts.at(-1)!.outcome], ['backup', 'ok']);
      assert.ok(chat.attempts.at(-1)!.latencyMs! >= 0);
    }
    const streams = records.filter((record) => record.model === 'claude');
    assert.equal(streams.length, 6);
    for (const stream of streams) {
      assert.equal(stream.stream, true);
      assert.equal(stream.attempts.length, 1);
      assert.ok(stream.inputTokens! > 0);
    }
    const unauthorized = records.find((record) => record.status === 401);
    assert.equal(unauthorized?.errorCode, 'OUTLAST_UNAUTHORIZED');
    assert.equal(unauthorized?.keyId, null);

    const today = new Date().toISOString().slice(0, 10);
    const { stdout } = await runFile(process.execPath, [main, 'audit', 'export', '--since', today, '--data', dataDir]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, total);
    assert.deepEqual(new Set(lines.map((line) => line.request_id)), new Set(records.map((record) => record.requestId)));
    const exported = lines.find((line) => line.request_id === requestIds[0])!;
    assert.equal(exported.key_id, keyId);
    assert.equal((exported.attempts as unknown[]).length, byId.get(requestIds[0]!)!.attempts.length);
    assert.ok(!stdout.includes('secret'), 'no provider key in the export');
    const future = await runFile(process.execPath, [
      main,
      'audit',
      'export',
      '--since',
      '2999-01-01',
      '--data',
      dataDir,
    ]);
    assert.equal(future.stdout, '');
  });

  test('after the kill, a restarted gateway still knows its keys and enforces them', async () => {
    assert.ok(clientKey, 'the first test created a key');
    ({ child, url, output } = await startGateway(dir, dataDir));
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: clientKey, maxRetries: 0 });
    const answer = await openai.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'back' }],
    });
    assert.equal(answer.object, 'chat.completion');
    const stranger = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'olk_stranger', maxRetries: 0 });
    await assert.rejects(
      stranger.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }),
      OpenAI.AuthenticationError,
    );
    assert.doesNotMatch(output(), /any client key is accepted/);
  });
});
