import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { installAgent } from '../helpers/install-agent.ts';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.ts';
import { runAgent } from '../helpers/run-agent.ts';

// Pinned: the test checks what this version sends. Installed from the npm registry into <tmpdir>/outlast-agents.
const codexVersion = '0.169.0';
const installed = await installAgent({
  packageName: '@openai/codex',
  version: codexVersion,
  bin: 'codex',
  folderPrefix: 'codex',
});

interface ResponsesBody {
  model: string;
  store?: boolean;
  include?: string[];
  tools: { type: string; name?: string }[];
  input: { type?: string; role?: string }[];
}

describe('Codex CLI (codex exec) through Outlast', { skip: installed.ok ? false : installed.reason }, () => {
  let simulator: Simulator;
  let openai: RecordingProxy;
  let anthropic: RecordingProxy;
  let front: RecordingProxy;
  let served: ServedGateway;
  let scratch: string;

  before(async () => {
    simulator = createSimulator();
    const simUrl = (await simulator.listen(0, '127.0.0.1')).url;
    openai = await startRecordingProxy(simUrl);
    anthropic = await startRecordingProxy(simUrl);
    const loaded = parseConfigText(
      `
providers:
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${OPENAI}/v1", models: [] }
  - { id: anthropic, type: anthropic, api_key: sk-ant-secret, base_url: "\${ANTHROPIC}", models: [] }
routes:
  - model: gpt-5.5
    targets:
      - { provider: openai, model: gpt-5.5 }
      - { provider: anthropic, model: claude-sonnet-4-6 }
`,
      { OPENAI: openai.url, ANTHROPIC: anthropic.url },
    );
    assert.ok(loaded.ok);
    served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    front = await startRecordingProxy(served.url);
  });
  after(async () => {
    await served?.close(100);
    await Promise.all([front?.close(), openai?.close(), anthropic?.close()]);
    await simulator?.close();
  });
  beforeEach(async () => {
    for (const proxy of [front, openai, anthropic]) proxy.requests.length = 0;
    simulator.clearFaults();
    simulator.resetStats();
    scratch = await mkdtemp(join(tmpdir(), 'outlast-agents', 'run-'));
  });

  async function codex(prompt: string, providerSettings = '') {
    const home = join(scratch, 'home');
    const work = join(scratch, 'work');
    await mkdir(join(home, '.codex'), { recursive: true });
    await mkdir(work);
    const provider = `{name="Outlast",base_url="${front.url}/v1",env_key="OUTLAST_API_KEY",wire_api="responses"${providerSettings}}`;
    const run = await runAgent({
      bin: installed.ok ? installed.bin : 'codex',
      args: [
        'exec',
        '--skip-git-repo-check',
        '-c',
        'model=gpt-5.5',
        '-c',
        'model_provider=outlast',
        '-c',
        `model_providers.outlast=${provider}`,
        '-c',
        'check_for_update_on_startup=false',
        '-c',
        'analytics.enabled=false',
        prompt,
      ],
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        CODEX_HOME: join(home, '.codex'),
        OUTLAST_API_KEY: 'dummy-client-key',
      },
      timeoutMs: 90_000,
    });
    await rm(scratch, { recursive: true, force: true });
    return run;
  }

  test('runs a turn with a tool round trip through an OpenAI Responses target', async () => {
    const run = await codex('Please call exec_command now');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    // The simulator called exec_command; Codex ran it, sent the function_call_output, and printed the quote of it.
    assert.match(run.stdout, /Tool result: /);
    assert.equal(anthropic.requests.length, 0);
    assert.ok(openai.requests.length >= 2);
    const [first] = openai.requests;
    assert.equal(first?.url, '/v1/responses');
    assert.equal(first?.headers.authorization, 'Bearer sk-openai-secret');
    const body = JSON.parse(first!.body) as ResponsesBody;
    assert.equal(body.store, false);
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
    // Codex's built-in and namespace tools reach OpenAI as sent.
    assert.ok(body.tools.some((tool) => tool.type === 'web_search'));
    assert.ok(body.tools.some((tool) => tool.name === 'exec_command'));
    // The whole history comes back each turn, ending with the tool's output.
    const last = JSON.parse(openai.requests.at(-1)!.body) as ResponsesBody;
    assert.equal(last.input.at(-1)?.type, 'function_call_output');
    assert.ok(last.input.length > body.input.length);
  });

  test('runs the same turn through an Anthropic target while its OpenAI target answers 503', async () => {
    simulator.setFaults([{ match: { api: 'openai' }, fault: 'error', status: 503 }]);
    const run = await codex('Please call exec_command now');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Tool result: /);
    assert.ok(openai.requests.length >= 1, 'the OpenAI target was tried');
    assert.ok(anthropic.requests.length >= 2);
    // Codex saw no error: it sent each turn once (it ignores x-should-retry, so a visible failure would multiply).
    assert.equal(front.requests.length, anthropic.requests.length);
    const first = JSON.parse(anthropic.requests[0]!.body) as { tools: { name: string }[]; model: string };
    assert.equal(anthropic.requests[0]!.url, '/v1/messages');
    assert.equal(first.model, 'claude-sonnet-4-6');
    const names = first.tools.map((tool) => tool.name);
    assert.ok(names.includes('exec_command'), names.join(','));
    assert.ok(!names.includes('web_search'), 'the OpenAI-only built-in tool is dropped, not sent to Anthropic');
    const last = JSON.parse(anthropic.requests.at(-1)!.body) as {
      messages: { role: string; content: { type: string }[] }[];
    };
    assert.equal(last.messages.at(-1)?.content.at(-1)?.type, 'tool_result');
  });

  test('a stream that breaks after its first byte ends with an error event, and Codex resends the turn', async () => {
    simulator.setFaults([{ match: { api: 'openai' }, fault: 'stream_error', after_events: 5, times: 1 }]);
    const run = await codex('Say hello');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(simulator.stats().by_fault.stream_error, 1);
    assert.ok(front.requests.length >= 2, 'the turn was sent again');
  });

  test('prints the gateway error once every target failed, without multiplying retries when told not to', async () => {
    simulator.setFaults([{ fault: 'error', status: 503 }]);
    const run = await codex('Say hello', ',request_max_retries=0,stream_max_retries=0');
    assert.equal(run.timedOut, false);
    assert.notEqual(run.code, 0);
    assert.match(`${run.stdout}${run.stderr}`, /502 Bad Gateway: All \d+ upstream attempts failed/);
    assert.equal(front.requests.length, 1, 'one client request: the gateway already spent the route');
    assert.ok(openai.requests.length >= 1 && anthropic.requests.length >= 1, 'both targets were tried');
  });
});
