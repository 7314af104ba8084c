import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

const mainScript = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const drainTimeoutMs = 8000;
const streams = 100;

describe('SIGTERM during 100 open streams', () => {
  let simulator: Simulator;
  let dir: string;
  let child: ChildProcess;
  let url = '';
  let output = '';
  const agent = new Agent({ connections: streams + 10 });

  before(async () => {
    // 20 tokens at 10 per second: each stream lasts about 2 s, well inside the drain timeout.
    simulator = createSimulator({ knobs: { tokensPerSecond: 10, answerTokens: 20 } });
    const sim = await simulator.listen(0, '127.0.0.1');
    dir = mkdtempSync(join(tmpdir(), 'outlast-drain-'));
    const configPath = join(dir, 'outlast.yaml');
    writeFileSync(
      configPath,
      `server: { drain_timeout_ms: ${drainTimeoutMs} }
providers:
  - { id: openai, type: openai, api_key: sk-drain-test, base_url: "${sim.url}/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 } ] }
`,
    );
    child = spawn(
      process.execPath,
      [mainScript, 'start', '--config', configPath, '--port', '0', '--data', join(dir, 'data')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    for (let waited = 0; !/listening on (\S+)/.test(output); waited += 50) {
      if (waited > 15_000 || child.exitCode !== null) assert.fail(`the gateway did not start:\n${output}`);
      await delay(50);
    }
    url = /listening on (\S+)/.exec(output)![1]!;
  });

  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await agent.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lets every stream finish, refuses new requests, and exits within the drain timeout', async () => {
    const body = JSON.stringify({ model: 'smart', stream: true, messages: [{ role: 'user', content: 'tell me' }] });
    const opened = await Promise.all(
      Array.from({ length: streams }, () =>
        request(`${url}/v1/chat/completions`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json' },
          body,
        }),
      ),
    );
    // Every stream has started: its first event arrived before the signal.
    const texts = await Promise.all(
      opened.map(async (response) => {
        assert.equal(response.statusCode, 200);
        const iterator = response.body[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { first: Buffer.from(first.value as Buffer).toString(), iterator };
      }),
    );
    const exited = new Promise<{ code: number | null; atMs: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, atMs: Date.now() })),
    );
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    for (let waited = 0; !output.includes('shutting down'); waited += 10) {
      if (waited > 5000) assert.fail(`no shutdown line:\n${output}`);
      await delay(10);
    }
    const late = await request(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'too late' }] }),
    }).then(
      async (response) => {
        await response.body.dump();
        return `status ${response.statusCode}`;
      },
      (error: { code?: string }) => error.code ?? String(error),
    );
    assert.ok(late === 'ECONNREFUSED' || late === 'status 503', `a request during the drain got ${late}`);
    const bodies = await Promise.all(
      texts.map(async ({ first, iterator }) => {
        let text = first;
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          text += Buffer.from(next.value as Buffer).toString();
        }
        return text;
      }),
    );
    for (const text of bodies) {
      assert.ok(text.trimEnd().endsWith('data: [DONE]'), `a stream did not finish: ${text.slice(-200)}`);
      assert.match(text, /"finish_reason":"stop"/);
    }
    const { code, atMs } = await exited;
    assert.equal(code, 0, output);
    assert.ok(atMs - signalledAt < drainTimeoutMs, `exited ${atMs - signalledAt} ms after SIGTERM`);
  });
});

describe('SIGTERM with a stream that would outlive the drain timeout', () => {
  test('cuts it at drain_timeout_ms and exits', async () => {
    // 40 tokens at 2 per second: a 20 s stream.
    const simulator = createSimulator({ knobs: { tokensPerSecond: 2, answerTokens: 40 } });
    const sim = await simulator.listen(0, '127.0.0.1');
    const dir = mkdtempSync(join(tmpdir(), 'outlast-drain-cut-'));
    const configPath = join(dir, 'outlast.yaml');
    writeFileSync(
      configPath,
      `server: { drain_timeout_ms: 500 }
providers:
  - { id: openai, type: openai, api_key: sk-drain-test, base_url: "${sim.url}/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 } ] }
`,
    );
    const child = spawn(
      process.execPath,
      [mainScript, 'start', '--config', configPath, '--port', '0', '--data', join(dir, 'data')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      for (let waited = 0; !/listening on (\S+)/.test(output); waited += 50) {
        if (waited > 15_000 || child.exitCode !== null) assert.fail(`the gateway did not start:\n${output}`);
        await delay(50);
      }
      const url = /listening on (\S+)/.exec(output)![1]!;
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'smart', stream: true, messages: [{ role: 'user', content: 'slow' }] }),
      });
      assert.equal(response.statusCode, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const signalledAt = Date.now();
      child.kill('SIGTERM');
      const body = await response.body.text().then(
        (text) => text,
        () => 'cut',
      );
      assert.ok(!body.includes('[DONE]'), 'the slow stream finished, so the drain timeout proved nothing');
      assert.equal(await exited, 0, output);
      assert.ok(Date.now() - signalledAt < 5000, `exited ${Date.now() - signalledAt} ms after SIGTERM`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
