import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { run as start } from '../../src/cli/commands/start.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

const keys = {
  openai: 'sk-proj-LEAKCHECK-openai-0123456789',
  anthropic: 'sk-ant-api03-LEAKCHECK-anthropic-0123456789',
  // Deliberately not key-shaped: only exact redaction can catch it.
  echo: 'plainLeakcheckEchoCredential42',
  admin: 'admin-LEAKCHECK-key-0123456789',
};

/** A careless provider: its errors quote the credential it received, as some real ones do in part. */
async function startEchoProvider(): Promise<{ server: Server; url: string }> {
  const server = createServer((incoming, response) => {
    incoming.resume();
    incoming.on('end', () => {
      const received = incoming.headers.authorization ?? '';
      const status = incoming.url?.includes('bad-request') === true ? 400 : 401;
      const body = JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${received}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
      response.writeHead(status, { 'content-type': 'application/json', 'x-echo-auth': received }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('no configured secret reaches a log line, an error body or an admin response', () => {
  let simulator: Simulator;
  let echo: { server: Server; url: string };
  let dir: string;
  const captured: string[] = [];
  const controller = new AbortController();
  let exit: Promise<number>;
  let url = '';

  before(async () => {
    simulator = createSimulator();
    const sim = await simulator.listen(0, '127.0.0.1');
    echo = await startEchoProvider();
    dir = mkdtempSync(join(tmpdir(), 'outlast-secrets-'));
    const configPath = join(dir, 'outlast.yaml');
    writeFileSync(
      configPath,
      `server: { access_log: true, admin_key: "${keys.admin}" }
defaults: { retry: { base_ms: 5, cap_ms: 10 } }
providers:
  - { id: openai, type: openai, api_key: "${keys.openai}", base_url: "${sim.url}/v1", models: [] }
  - { id: anthropic, type: anthropic, api_key: "${keys.anthropic}", base_url: "${sim.url}", models: [] }
  - { id: echo, type: openai-compatible, api_key: "${keys.echo}", base_url: "${echo.url}/v1" }
  - { id: echo-bad, type: openai-compatible, api_key: "${keys.echo}", base_url: "${echo.url}/bad-request/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: gpt-5 }, { provider: anthropic, model: claude-sonnet-4-5 } ] }
  - { model: claude-smart, targets: [ { provider: anthropic, model: claude-sonnet-4-5 }, { provider: openai, model: gpt-5 } ] }
  - { model: echo-first, targets: [ { provider: echo, model: e1 }, { provider: openai, model: gpt-5 } ] }
  - { model: echo-only, targets: [ { provider: echo, model: e2 } ] }
  - { model: echo-bad, targets: [ { provider: echo-bad, model: e3 } ] }
`,
    );
    const io: CliIo = {
      stdout: (text) => captured.push(`stdout: ${text}`),
      stderr: (text) => captured.push(`stderr: ${text}`),
      env: { OPENAI_API_KEY: keys.openai },
      cwd: dir,
      signal: controller.signal,
    };
    exit = start(['--config', configPath, '--port', '0', '--data', join(dir, 'data')], io);
    for (let waited = 0; !captured.some((line) => line.includes('listening on')); waited += 25) {
      if (waited > 10_000) assert.fail(`the gateway did not start: ${captured.join('\n')}`);
      await delay(25);
    }
    url = /listening on (\S+)/.exec(captured.find((line) => line.includes('listening on'))!)![1]!;
  });

  after(async () => {
    controller.abort();
    await exit;
    await simulator.close();
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(
    path: string,
    options: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) {
    const response = await request(`${url}${path}`, {
      method: (options.method ?? 'POST') as 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const text = await response.body.text();
    captured.push(`response ${path} ${response.statusCode} ${JSON.stringify(response.headers)} ${text}`);
    return { status: response.statusCode, text };
  }

  test('a varied workload leaves no provider key or admin key anywhere it can be read', async () => {
    const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'client-key', maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: url, apiKey: 'client-key', maxRetries: 0 });
    const chat = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hello there' }] });
    // successes, a stream and a translation (an Anthropic client on an OpenAI target after a failover)
    captured.push(JSON.stringify(await openai.chat.completions.create(chat('smart'))));
    const stream = await openai.chat.completions.create({ ...chat('smart'), stream: true });
    for await (const chunk of stream) captured.push(JSON.stringify(chunk));
    simulator.setFaults([{ match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' }]);
    captured.push(JSON.stringify(await anthropic.messages.create({ ...chat('claude-smart'), max_tokens: 20 })));
    // every target failing: the exhausted error body
    simulator.setFaults([{ fault: 'error', status: 500 }]);
    await call('/v1/chat/completions', { body: JSON.stringify(chat('smart')) });
    await call('/v1/messages', { body: JSON.stringify({ ...chat('claude-smart'), max_tokens: 5 }) });
    simulator.clearFaults();
    // a provider that quotes the credential: on failover, when it is the only target, and on a final 400
    await call('/v1/chat/completions', { body: JSON.stringify(chat('echo-first')) });
    await call('/v1/chat/completions', { body: JSON.stringify(chat('echo-only')) });
    await call('/v1/chat/completions', { body: JSON.stringify(chat('echo-bad')) });
    // bad input
    await call('/v1/chat/completions', { body: '{"model": "smart", "messages": [' });
    await call('/v1/messages', { body: JSON.stringify({ model: 'claude-smart', messages: 'nope', max_tokens: 1 }) });
    await call('/v1/chat/completions', { body: '['.repeat(5000) });
    await call('/nowhere', { method: 'GET' });
    // admin calls, with the key, with a wrong key, and the metrics
    await call('/admin/api/targets', { method: 'GET', headers: { authorization: `Bearer ${keys.admin}` } });
    await call('/admin/api/targets', { method: 'GET', headers: { authorization: 'Bearer wrong' } });
    await call('/admin/api/targets/reset', {
      headers: { authorization: `Bearer ${keys.admin}` },
      body: JSON.stringify({ provider: 'echo', model: 'e2' }),
    });
    await call('/metrics', { method: 'GET' });

    const everything = captured.join('\n');
    assert.ok(
      captured.some((line) => line.startsWith('stdout: {') && line.includes('"msg":"request"')),
      'no access log',
    );
    assert.ok(everything.includes('/admin/api/targets'), 'the workload did not run');
    assert.ok(
      captured.some((line) => line.includes('"msg":"failover"')),
      'no failover log line',
    );
    for (const [name, secret] of Object.entries(keys)) {
      const at = everything.indexOf(secret);
      assert.equal(at, -1, `the ${name} key leaked: …${everything.slice(Math.max(0, at - 300), at + 60)}…`);
    }
  });
});
