import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { CliIo } from '../io.ts';
import { run } from './check.ts';

const validConfig = `
providers:
  - { id: anthropic, type: anthropic, api_key: "\${ANTHROPIC_API_KEY}" }
  - { id: openai, type: openai, api_key: sk-inline-secret }
  - { id: local, type: openai-compatible, base_url: "http://127.0.0.1:11434/v1" }
routes:
  - model: smart
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-5 }
      - { provider: local, model: llama3.1 }
  - model: claude-only
    strategy: fallback
    targets: [{ provider: anthropic, model: claude-haiku-4-5 }]
`;

async function check(args: string[], options: { files?: Record<string, string>; env?: Record<string, string> } = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'outlast-check-'));
  for (const [name, text] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(cwd, name), text);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    env: options.env ?? {},
    cwd,
    signal: new AbortController().signal,
  };
  const code = await run(args, io);
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

test('prints ok with the counts and exits 0 for a valid config', async () => {
  const result = await check([], {
    files: { 'outlast.yaml': validConfig },
    env: { ANTHROPIC_API_KEY: 'sk-ant-secret' },
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^ok: 3 providers, 2 routes$/m);
  assert.ok(!`${result.stdout}${result.stderr}`.includes('secret'));
});

test('reads the file given with --config', async () => {
  const result = await check(['--config', 'custom.yaml'], {
    files: { 'custom.yaml': 'providers: [{ id: o, type: openai }]' },
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^ok: 1 provider, 0 routes$/m);
});

test('prints every problem as path: message and exits 1', async () => {
  const result = await check(['-c', 'bad.yaml'], {
    files: {
      'bad.yaml': `server: { port: 99999, hots: x }
providers:
  - { id: a, type: bedrock }
routes:
  - { model: m, strategy: fallback, targets: [{ provider: b, model: x }] }
`,
    },
  });
  assert.equal(result.code, 1);
  const lines = result.stdout.split('\n');
  assert.deepEqual(
    lines.map((line) => line.slice(0, line.indexOf(':'))),
    ['server.port', 'server.hots', 'providers[0].type', 'routes[0].targets[0].provider'],
  );
  assert.match(result.stdout, /^providers\[0\]\.type: provider type 'bedrock' is not supported yet/m);
  assert.match(result.stderr, /4 problems in bad\.yaml/);
});

test('reports an unset variable and a missing file as problems', async () => {
  const unset = await check([], { files: { 'outlast.yaml': validConfig } });
  assert.equal(unset.code, 1);
  assert.match(unset.stdout, /^providers\[0\]\.api_key: environment variable ANTHROPIC_API_KEY is not set/m);
  const missing = await check(['--config', 'nope.yaml']);
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /^\(root\): config file not found: .*nope\.yaml$/m);
});

test('falls back to the environment and prints what it set up without keys', async () => {
  const result = await check([], { env: { OPENAI_API_KEY: 'sk-openai-secret', GEMINI_API_KEY: 'gem-secret' } });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^ok: 2 providers, 0 routes$/m);
  assert.match(result.stdout, /key from OPENAI_API_KEY/);
  assert.match(result.stdout, /provider 'gemini' \(gemini\).*key from GEMINI_API_KEY/);
  assert.ok(!result.stdout.includes('secret'));
});

test('fails with guidance when neither a file nor the environment configures a provider', async () => {
  const result = await check([]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /set ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY or OUTLAST_LOCAL_BASE_URL/);
});

test('--without prints what each route keeps and exits 1 when a route has no target', async () => {
  const result = await check(['--without', 'anthropic'], {
    files: { 'outlast.yaml': validConfig },
    env: { ANTHROPIC_API_KEY: 'k' },
  });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^ {2}route smart: ok, 2 of 3 targets left: openai\/gpt-5, local\/llama3\.1$/m);
  assert.match(result.stdout, /^ {2}route claude-only: no-target, no target left of 1$/m);
  assert.match(result.stdout, /anthropic's models without a route \(claude-\*\): no provider left/);
  assert.match(result.stderr, /1 route would have no target without anthropic/);
});

test('--without repeated or comma-separated reports degraded routes and exits 0 when every route keeps a target', async () => {
  const config = validConfig.replace(/ {2}- model: claude-only[\s\S]*$/, '');
  for (const args of [
    ['--without', 'anthropic', '--without', 'openai'],
    ['--without', 'anthropic,openai'],
    ['--without', 'anthropic', 'openai'],
  ]) {
    const result = await check(args, { files: { 'outlast.yaml': config }, env: { ANTHROPIC_API_KEY: 'k' } });
    assert.equal(result.code, 0, args.join(' '));
    assert.match(result.stdout, /^without anthropic, openai:$/m);
    assert.match(result.stdout, /^ {2}route smart: degraded, 1 of 3 targets left: local\/llama3\.1$/m);
  }
});

test('--without an undeclared provider is a usage error', async () => {
  const result = await check(['--without', 'bedrock'], {
    files: { 'outlast.yaml': validConfig },
    env: { ANTHROPIC_API_KEY: 'k' },
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown provider 'bedrock' \(declared: anthropic, openai, local\)/);
});

test('--help prints the usage and exits 0', async () => {
  const result = await check(['--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: outlast check \[--config FILE\] \[--without PROVIDER\.\.\.\]/);
});

test('an unknown option or a stray argument is a usage error', async () => {
  for (const args of [['--bogus'], ['extra'], ['--config']]) {
    const result = await check(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /Usage: outlast check/);
  }
});
