import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import OpenAI from 'openai';
import { run as start } from '../../src/cli/commands/start.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

function configText(simUrl: string, target: string): string {
  return `
providers:
  - { id: openai, type: openai, api_key: sk-test, base_url: "${simUrl}/v1" }
routes:
  - { model: smart, targets: [ { provider: openai, model: ${target} } ] }
`;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 25) {
    if (check()) return;
    await delay(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('outlast start serves a config file and reloads it when it changes', () => {
  let simulator: Simulator;
  let simUrl: string;
  let dir: string;
  let configPath: string;
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let exit: Promise<number>;
  let url = '';

  before(async () => {
    simulator = createSimulator();
    simUrl = (await simulator.listen(0, '127.0.0.1')).url;
    dir = mkdtempSync(join(tmpdir(), 'outlast-start-'));
    configPath = join(dir, 'outlast.yaml');
    writeFileSync(configPath, configText(simUrl, 'gpt-5'));
    const io: CliIo = {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: {},
      cwd: dir,
      signal: controller.signal,
    };
    exit = start(['--config', configPath, '--port', '0', '--data', join(dir, 'data')], io);
    await waitFor(() => out.some((line) => line.includes('listening on')), 'the listening line');
    url = /listening on (\S+)/.exec(out.find((line) => line.includes('listening on'))!)![1]!;
  });

  after(async () => {
    controller.abort();
    assert.equal(await exit, 0);
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('binds to 127.0.0.1 and answers through the configured route', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 });
    const result = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(result.model, 'gpt-5');
  });

  test('picks up a changed route without dropping a request in flight', async () => {
    simulator.setFaults([{ fault: 'slow', delay_ms: 60 }]);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 });
    const inFlight = (async () => {
      const stream = await client.chat.completions.create({
        model: 'smart',
        stream: true,
        messages: [{ role: 'user', content: 'long' }],
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    })();
    await delay(100);
    writeFileSync(configPath, configText(simUrl, 'gpt-5-mini'));
    await waitFor(() => out.some((line) => line.includes('config reloaded')), 'the reload');
    assert.ok((await inFlight).length > 0);
    simulator.clearFaults();
    const result = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(result.model, 'gpt-5-mini');
  });

  test('refuses an invalid change, logs every problem and keeps the old config', async () => {
    writeFileSync(configPath, 'providers:\n  - { id: openai, type: nope }\nroutes: 3\n');
    await waitFor(() => err.some((line) => line.includes('config change refused')), 'the refusal');
    const problems = err.join('\n');
    assert.match(problems, /providers\[0\]\.type/);
    assert.match(problems, /routes/);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 });
    const result = await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(result.model, 'gpt-5-mini');
  });
});
