import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { installAgent } from '../helpers/install-agent.ts';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.ts';
import { runAgent, runAgentInTerminal, screenText } from '../helpers/run-agent.ts';

// Pinned: the test checks what this version sends. Installed from the npm registry into <tmpdir>/outlast-agents.
const claudeCodeVersion = '2.1.330';
const installed = await installAgent({
  packageName: '@anthropic-ai/claude-code',
  version: claudeCodeVersion,
  bin: 'claude',
  folderPrefix: 'claude-code',
});

describe('Claude Code through Outlast', { skip: installed.ok ? false : installed.reason }, () => {
  let primarySim: Simulator;
  let backupSim: Simulator;
  let primary: RecordingProxy;
  let backup: RecordingProxy;
  let openai: RecordingProxy;
  // In front of the gateway: every call Claude Code makes to ANTHROPIC_BASE_URL.
  let front: RecordingProxy;
  let served: ServedGateway;
  let scratch: string;

  before(async () => {
    primarySim = createSimulator();
    backupSim = createSimulator();
    const primaryUrl = (await primarySim.listen(0, '127.0.0.1')).url;
    primary = await startRecordingProxy(primaryUrl);
    backup = await startRecordingProxy((await backupSim.listen(0, '127.0.0.1')).url);
    openai = await startRecordingProxy(primaryUrl);
    const loaded = parseConfigText(
      `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-primary-secret, base_url: "\${PRIMARY}" }
  - { id: anthropic-b, type: anthropic, api_key: sk-ant-second-account, base_url: "\${BACKUP}", models: [] }
  - { id: openai, type: openai, api_key: sk-openai-secret, base_url: "\${OPENAI}/v1", models: [] }
routes:
  # Route names are Claude model ids, so Claude Code knows their context window.
  - model: claude-sonnet-4-6
    targets:
      - { provider: anthropic, model: claude-sonnet-4-6 }
      - { provider: anthropic-b, model: claude-sonnet-4-6 }
  - model: claude-opus-4-6
    targets:
      - { provider: anthropic, model: claude-opus-4-6 }
      - { provider: openai, model: gpt-5 }
`,
      { PRIMARY: primary.url, BACKUP: backup.url, OPENAI: openai.url },
    );
    assert.ok(loaded.ok);
    served = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
    front = await startRecordingProxy(served.url);
  });
  after(async () => {
    await served?.close(100);
    await Promise.all([front?.close(), primary?.close(), backup?.close(), openai?.close()]);
    await Promise.all([primarySim?.close(), backupSim?.close()]);
  });
  beforeEach(async () => {
    for (const proxy of [front, primary, backup, openai]) proxy.requests.length = 0;
    primarySim.clearFaults();
    primarySim.resetStats();
    backupSim.resetStats();
    scratch = await mkdtemp(join(tmpdir(), 'outlast-agents', 'run-'));
  });

  async function claude(prompt: string, model: string, options: { nonEssentialTraffic?: boolean } = {}) {
    const home = join(scratch, 'home');
    const work = join(scratch, 'work');
    await mkdir(home);
    await mkdir(work);
    const run = await runAgent({
      bin: installed.ok ? installed.bin : 'claude',
      args: model === '' ? ['-p', prompt] : ['-p', prompt, '--model', model],
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANTHROPIC_BASE_URL: front.url,
        ANTHROPIC_API_KEY: 'dummy-client-key',
        DISABLE_TELEMETRY: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
        ...(options.nonEssentialTraffic === true ? {} : { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }),
      },
      timeoutMs: 90_000,
    });
    await rm(scratch, { recursive: true, force: true });
    return run;
  }

  test('answers a prompt with a tool round trip when healthy', async () => {
    const run = await claude('Please call Read now', 'claude-sonnet-4-6');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    // The simulator called Read; Claude Code ran it and sent the tool_result; the final answer quotes it.
    assert.match(run.stdout, /Tool result: /);
    assert.ok(primary.requests.length >= 2);
    assert.equal(backup.requests.length, 0);
    for (const seen of primary.requests) {
      assert.equal(seen.url, '/v1/messages?beta=true');
      assert.match(String(seen.headers['anthropic-beta']), /claude-code-20250219/);
      assert.equal(seen.headers['x-api-key'], 'sk-ant-primary-secret');
    }
    const second = JSON.parse(primary.requests.at(-1)!.body) as { messages: { content: { type: string }[] }[] };
    assert.equal(second.messages.at(-1)?.content[0]?.type, 'tool_result');
    // Everything Claude Code called went to the Messages endpoint and was answered.
    assert.deepEqual(
      new Set(front.requests.map((seen) => `${seen.method} ${seen.url} ${seen.status}`)),
      new Set(['POST /v1/messages?beta=true 200']),
    );
  });

  test('answers with its own default model, which no route names, through the provider serving that name', async () => {
    const run = await claude('Say hello', '');
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.trim().length > 0);
    const models = new Set(front.requests.map((seen) => (JSON.parse(seen.body) as { model: string }).model));
    assert.equal(models.size, 1);
    assert.match([...models][0] ?? '', /^claude-/);
    assert.ok(primary.requests.length >= 1);
    assert.equal(front.requests.at(-1)?.status, 200);
  });

  test('with non-essential traffic allowed it only adds a HEAD /api/hello connection warm-up, which it ignores', async () => {
    const run = await claude('Say hello', 'claude-sonnet-4-6', { nonEssentialTraffic: true });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.trim().length > 0);
    const calls = new Set(front.requests.map((seen) => `${seen.method} ${seen.url}`));
    calls.delete('HEAD /api/hello');
    assert.deepEqual(calls, new Set(['POST /v1/messages?beta=true']));
  });

  test('answers while the primary Anthropic target answers 529, from another Anthropic credential', async () => {
    primarySim.setFaults([
      { match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const run = await claude('Please call Read now', 'claude-sonnet-4-6');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Tool result: /);
    assert.ok((primarySim.stats().by_fault.error ?? 0) >= 2, 'the primary was tried and overloaded');
    assert.ok(backup.requests.length >= 2);
    for (const seen of backup.requests) {
      assert.equal(seen.headers['x-api-key'], 'sk-ant-second-account');
      assert.match(String(seen.headers['anthropic-beta']), /claude-code-20250219/);
    }
  });

  test('answers while the primary answers 529, from an OpenAI-format target with its tools translated', async () => {
    primarySim.setFaults([
      { match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const run = await claude('Please call Read now', 'claude-opus-4-6');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Tool result: /);
    assert.ok(openai.requests.length >= 2);
    const first = JSON.parse(openai.requests[0]!.body) as {
      model: string;
      tools: { type: string; function: { name: string } }[];
    };
    assert.equal(openai.requests[0]!.url, '/v1/chat/completions');
    assert.equal(first.model, 'gpt-5');
    const names = first.tools.map((tool) => tool.function.name);
    assert.ok(names.includes('Read') && names.includes('Bash'), names.join(','));
    assert.ok(first.tools.every((tool) => tool.type === 'function'));
    const last = JSON.parse(openai.requests.at(-1)!.body) as { messages: { role: string }[] };
    assert.equal(last.messages.at(-1)?.role, 'tool');
    assert.equal(openai.requests[0]!.headers.authorization, 'Bearer sk-openai-secret');
  });

  test("prints Outlast's error once when every target failed, obeying x-should-retry", async () => {
    primarySim.setFaults([
      { match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    backupSim.setFaults([{ match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' }]);
    try {
      const run = await claude('Say hello', 'claude-sonnet-4-6');
      assert.equal(run.timedOut, false);
      assert.equal(run.code, 1);
      assert.match(run.stdout + run.stderr, /529 All \d+ upstream attempts failed/);
      assert.equal(front.requests.length, 1, 'Claude Code did not retry on top of the gateway');
      assert.ok(backup.requests.length >= 1, 'both credentials were tried');
    } finally {
      backupSim.clearFaults();
    }
  });

  test('a stream that breaks after its first byte ends with an error event, and Claude Code resends the turn', async () => {
    primarySim.setFaults([{ match: { api: 'anthropic' }, fault: 'stream_error', after_events: 5, times: 1 }]);
    const run = await claude('Say hello', 'claude-sonnet-4-6');
    assert.equal(run.timedOut, false);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(run.stdout.trim().length > 0);
    assert.equal(primarySim.stats().by_fault.stream_error, 1);
    // Claude Code resends the turn; under heavy load the break can land before Outlast's commit point, and Outlast
    // then retries it itself: either way the turn went upstream twice and the user got an answer.
    assert.ok(front.requests.length >= 2 || primarySim.stats().total >= 2, 'the turn was sent again');
  });

  test('answers in interactive mode while the primary answers 529', {
    skip: hasScript() ? false : 'no `script` for a terminal',
  }, async () => {
    primarySim.setFaults([
      { match: { api: 'anthropic' }, fault: 'error', status: 529, error_type: 'overloaded_error' },
    ]);
    const home = join(scratch, 'home');
    const work = join(scratch, 'work');
    await mkdir(home);
    await mkdir(work);
    // A user who has been through onboarding, trusts the folder and approved the key (no first-run dialogs).
    const settings = {
      hasCompletedOnboarding: true,
      theme: 'dark',
      customApiKeyResponses: { approved: ['dummy-client-key'], rejected: [] },
      projects: { [work]: { hasTrustDialogAccepted: true, allowedTools: [] } },
    };
    await writeFile(join(home, '.claude.json'), JSON.stringify(settings));
    const run = await runAgentInTerminal({
      bin: installed.ok ? installed.bin : 'claude',
      args: ['--model', 'claude-sonnet-4-6', 'Please call Read now'],
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANTHROPIC_BASE_URL: front.url,
        ANTHROPIC_API_KEY: 'dummy-client-key',
        DISABLE_TELEMETRY: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
      },
      steps: [{ waitFor: /Toolresult:/, send: '/exit\r' }],
      timeoutMs: 90_000,
    });
    await rm(scratch, { recursive: true, force: true });
    assert.equal(run.timedOut, false, screenText(run.stdout).slice(-500));
    assert.equal(run.code, 0);
    assert.match(screenText(run.stdout), /Toolresult:/);
    assert.ok(backup.requests.length >= 2, 'answered by the second Anthropic credential');
    assert.ok((primarySim.stats().by_fault.error ?? 0) >= 2);
    // Interactive mode calls nothing else either.
    assert.deepEqual(
      new Set(front.requests.map((seen) => `${seen.method} ${seen.url}`)),
      new Set(['POST /v1/messages?beta=true']),
    );
  });
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
