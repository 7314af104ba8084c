// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} references as config text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type ConfigProblem, type LoadResult, loadConfig, parseConfigText } from './load-config.ts';
import type { OutlastConfig } from './schema.ts';

const minimal = `
providers:
  - id: anthropic
    type: anthropic
    api_key: sk-test
`;

function expectOk(result: LoadResult): OutlastConfig {
  if (!result.ok) assert.fail(`expected a valid config, got:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.config;
}

function expectProblems(result: LoadResult): ConfigProblem[] {
  if (result.ok) assert.fail('expected problems, got a valid config');
  return result.problems;
}

function formatProblem(problem: ConfigProblem): string {
  return `${problem.path}: ${problem.message}`;
}

function problemAt(problems: ConfigProblem[], path: string): ConfigProblem {
  const found = problems.find((problem) => problem.path === path);
  assert.ok(found, `no problem at ${path}; got:\n${problems.map(formatProblem).join('\n')}`);
  return found;
}

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'outlast-config-'));
}

describe('parseConfigText', () => {
  test('applies every default to a minimal file', () => {
    const config = expectOk(parseConfigText(minimal, {}));
    assert.deepEqual(config.server, {
      port: 8700,
      host: '127.0.0.1',
      body_limit_bytes: 33_554_432,
      max_json_depth: 128,
      headers_timeout_ms: 30_000,
      request_timeout_ms: 120_000,
      keep_alive_timeout_ms: 65_000,
      max_header_bytes: 16_384,
      drain_timeout_ms: 30_000,
      access_log: false,
      allow_private_urls: false,
      relay_vendor_paths: true,
    });
    assert.deepEqual(config.defaults, {
      max_attempts: 3,
      timeouts: { connect_ms: 10_000, headers_ms: 60_000, first_token_ms: 60_000, idle_ms: 90_000, total_ms: 600_000 },
      retry: {
        same_target_retries: 1,
        base_ms: 500,
        cap_ms: 8_000,
        max_retry_after_ms: 60_000,
        budget_max_tokens: 10,
        budget_token_ratio: 0.1,
      },
      breaker: {
        consecutive_failures: 5,
        failure_rate: 0.5,
        minimum_calls: 20,
        window_ms: 60_000,
        base_open_ms: 30_000,
        max_open_ms: 300_000,
        half_open_probes: 1,
      },
      disable_ms: 600_000,
      adaptive_throttle: true,
    });
    assert.deepEqual(config.routes, []);
    assert.deepEqual(config.providers[0], {
      id: 'anthropic',
      type: 'anthropic',
      api_key: 'sk-test',
      base_url: 'https://api.anthropic.com',
      models: ['claude-*'],
      max_connections: 1024,
    });
  });

  test('fills base_url and models per provider type and keeps values that are given', () => {
    const config = expectOk(
      parseConfigText(
        `
providers:
  - { id: openai, type: openai }
  - { id: local, type: openai-compatible, base_url: "http://127.0.0.1:11434/v1/" }
  - { id: mine, type: anthropic, base_url: "https://proxy.example.com", models: [claude-opus-*] }
`,
        {},
      ),
    );
    const [openai, local, mine] = config.providers;
    assert.equal(openai?.base_url, 'https://api.openai.com/v1');
    assert.ok(openai?.models.includes('gpt-*'));
    assert.equal(local?.base_url, 'http://127.0.0.1:11434/v1', 'trailing slash removed');
    assert.deepEqual(local?.models, []);
    assert.equal(mine?.base_url, 'https://proxy.example.com');
    assert.deepEqual(mine?.models, ['claude-opus-*']);
  });

  test('applies strategy fallback, target weight 1 and leaves route overrides as written', () => {
    const config = expectOk(
      parseConfigText(
        `${minimal}
routes:
  - model: smart
    timeouts: { total_ms: 5000 }
    targets: [{ provider: anthropic, model: claude-sonnet-4-5 }]
`,
        {},
      ),
    );
    assert.deepEqual(config.routes[0], {
      model: 'smart',
      strategy: 'fallback',
      mid_stream: 'error',
      timeouts: { total_ms: 5000 },
      targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', weight: 1 }],
    });
  });

  test('returns a deeply frozen config', () => {
    const config = expectOk(parseConfigText(`${minimal}    headers: { x-team: core }\n`, {}));
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.server));
    assert.ok(Object.isFrozen(config.defaults.timeouts));
    assert.ok(Object.isFrozen(config.providers));
    assert.ok(Object.isFrozen(config.providers[0]?.models));
    assert.ok(Object.isFrozen(config.providers[0]?.headers));
    assert.throws(() => {
      (config.server as { port: number }).port = 1;
    }, TypeError);
  });

  test('two loads do not share default objects', () => {
    const first = expectOk(parseConfigText(minimal, {}));
    const second = expectOk(parseConfigText(minimal, {}));
    assert.notEqual(first.defaults.timeouts, second.defaults.timeouts);
    assert.notEqual(first.providers[0]?.models, second.providers[0]?.models);
  });

  test('rejects unknown keys at every level with their path and a suggestion', () => {
    const problems = expectProblems(
      parseConfigText(
        `
server: { prot: 1 }
providers:
  - id: a
    type: openai
    bse_url: https://example.com
routes:
  - model: m
    strategy: fallback
    targets: [{ provider: a, model: x, wieght: 2 }]
extra: true
`,
        {},
      ),
    );
    assert.match(problemAt(problems, 'server.prot').message, /unknown key 'prot' \(did you mean 'port'\?\)/);
    assert.match(problemAt(problems, 'providers[0].bse_url').message, /did you mean 'base_url'/);
    assert.match(problemAt(problems, 'routes[0].targets[0].wieght').message, /did you mean 'weight'/);
    assert.match(
      problemAt(problems, 'extra').message,
      /unknown key 'extra' \(allowed here: server, defaults, providers, routes(, [a-z_]+)*\)/,
    );
  });

  test('suggests our name for a key from another gateway', () => {
    const problems = expectProblems(parseConfigText('providers: [{ id: a, type: openai, api_base: "http://x" }]', {}));
    assert.match(problemAt(problems, 'providers[0].api_base').message, /did you mean 'base_url'/);
  });

  test('reports every problem in one pass, not just the first', () => {
    const problems = expectProblems(
      parseConfigText(
        `
server:
  port: 70000
defaults:
  max_attempts: 9
providers:
  - id: Bad Id
    type: openai
    max_connections: 0
routes:
  - model: m
    strategy: sideways
    targets: []
`,
        {},
      ),
    );
    assert.deepEqual(
      problems.map((problem) => problem.path),
      [
        'server.port',
        'defaults.max_attempts',
        'providers[0].id',
        'providers[0].max_connections',
        'routes[0].strategy',
        'routes[0].targets',
      ],
    );
    assert.match(problemAt(problems, 'server.port').message, /must be <= 65535 \(line 3\)/);
    assert.match(problemAt(problems, 'routes[0].strategy').message, /one of 'fallback', 'balance' \(got 'sideways'\)/);
    assert.match(problemAt(problems, 'routes[0].targets').message, /at least 1 item/);
  });

  test('reports missing required keys as required', () => {
    const problems = expectProblems(parseConfigText('providers: [{ id: a }]\nroutes: [{ strategy: balance }]', {}));
    assert.match(
      problemAt(problems, 'providers[0].type').message,
      /^required \(one of 'anthropic', 'openai', 'openai-compatible', 'gemini', 'azure-openai'\)/,
    );
    assert.match(problemAt(problems, 'routes[0].model').message, /^required \(text\)/);
    assert.match(problemAt(problems, 'routes[0].targets').message, /^required \(a list\)/);
  });

  test('requires at least one provider', () => {
    const problems = expectProblems(parseConfigText('providers: []', {}));
    assert.match(problemAt(problems, 'providers').message, /at least one provider/);
    assert.match(problemAt(expectProblems(parseConfigText('server: {}', {})), 'providers').message, /required/);
  });

  test('explains an empty file', () => {
    const problems = expectProblems(parseConfigText('# nothing yet\n', {}));
    assert.match(problemAt(problems, '(root)').message, /empty: declare at least one provider/);
  });

  test('rejects planned provider types with a clear message', () => {
    for (const type of ['bedrock']) {
      const problems = expectProblems(parseConfigText(`providers: [{ id: p, type: ${type} }]`, {}));
      assert.match(
        problemAt(problems, 'providers[0].type').message,
        new RegExp(`provider type '${type}' is not supported yet \\(planned: cross-provider translation\\)`),
      );
    }
  });

  test('rejects a base_url that is not http(s)', () => {
    const problems = expectProblems(
      parseConfigText('providers: [{ id: a, type: openai, base_url: "ftp://x/v1" }]', {}),
    );
    assert.match(problemAt(problems, 'providers[0].base_url').message, /http\(s\) URL/);
  });

  test('rejects an invalid header name with its path', () => {
    const problems = expectProblems(
      parseConfigText('providers: [{ id: a, type: openai, headers: { "bad header": x } }]', {}),
    );
    assert.match(problemAt(problems, 'providers[0].headers["bad header"]').message, /header name/);
  });

  test('reports YAML syntax errors with line and column', () => {
    const problems = expectProblems(parseConfigText('providers:\n  - id: a\n   type: openai\n', {}));
    assert.equal(problems[0]?.path, '(root)');
    assert.match(problems[0]?.message ?? '', /^YAML syntax: .*\(line 3, column \d+\)$/);
  });

  test('rejects duplicate keys in a mapping', () => {
    const problems = expectProblems(parseConfigText(`${minimal}server: { port: 1, port: 2 }\n`, {}));
    assert.match(problems[0]?.message ?? '', /YAML syntax: .*unique/i);
  });

  test('hints to quote a reference inside a flow mapping', () => {
    const problems = expectProblems(parseConfigText('providers: [{ id: a, type: openai, api_key: ${KEY} }]', {}));
    assert.match(problems[0]?.message ?? '', /quote a '\$\{\.\.\.\}' value/);
  });

  test('accepts YAML anchors and merge keys', () => {
    const config = expectOk(
      parseConfigText(
        `
providers:
  - &base { id: a, type: openai, max_connections: 4 }
  - { <<: *base, id: b }
`,
        {},
      ),
    );
    assert.equal(config.providers[1]?.id, 'b');
    assert.equal(config.providers[1]?.max_connections, 4);
  });
});

describe('cross-field checks', () => {
  test('reports a duplicate provider id at the second declaration', () => {
    const problems = expectProblems(
      parseConfigText('providers:\n  - { id: a, type: openai }\n  - { id: a, type: anthropic }\n', {}),
    );
    assert.match(
      problemAt(problems, 'providers[1].id').message,
      /duplicate provider id 'a' \(first declared at providers\[0\]\)/,
    );
  });

  test('reports a duplicate route model', () => {
    const problems = expectProblems(
      parseConfigText(
        `${minimal}routes:
  - { model: smart, strategy: fallback, targets: [{ provider: anthropic, model: x }] }
  - { model: smart, strategy: balance, targets: [{ provider: anthropic, model: y }] }
`,
        {},
      ),
    );
    assert.match(problemAt(problems, 'routes[1].model').message, /duplicate route model 'smart'/);
  });

  test('reports a target naming an unknown provider and lists the declared ones', () => {
    const problems = expectProblems(
      parseConfigText(
        `providers:
  - { id: anthropic, type: anthropic }
  - { id: openai, type: openai }
routes:
  - model: m
    strategy: fallback
    targets: [{ provider: anthropic, model: x }, { provider: opnai, model: y }]
`,
        {},
      ),
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'routes[0].targets[1].provider');
    assert.match(problems[0]?.message ?? '', /unknown provider 'opnai' \(declared: anthropic, openai\) \(line 7\)/);
  });

  test('rejects anthropic_version on a provider that is not anthropic', () => {
    const problems = expectProblems(
      parseConfigText('providers: [{ id: o, type: openai, anthropic_version: "2023-06-01" }]', {}),
    );
    assert.match(problemAt(problems, 'providers[0].anthropic_version').message, /only providers of type anthropic/);
    expectOk(parseConfigText('providers: [{ id: a, type: anthropic, anthropic_version: "2023-06-01" }]', {}));
  });

  test('requires base_url for an openai-compatible provider', () => {
    const problems = expectProblems(parseConfigText('providers: [{ id: local, type: openai-compatible }]', {}));
    assert.match(problemAt(problems, 'providers[0].base_url').message, /required for type openai-compatible/);
  });

  test('runs cross-field checks even when other fields are invalid', () => {
    const problems = expectProblems(
      parseConfigText(
        `server: { port: -1 }
providers:
  - { id: a, type: openai, unknown: 1 }
  - { id: a, type: openai-compatible }
routes:
  - { model: m, strategy: fallback, targets: [{ provider: z, model: x }] }
`,
        {},
      ),
    );
    const paths = problems.map((problem) => problem.path);
    for (const path of ['server.port', 'providers[0].unknown', 'providers[1].id', 'providers[1].base_url']) {
      assert.ok(paths.includes(path), `missing ${path} in ${paths.join(', ')}`);
    }
    assert.ok(paths.includes('routes[0].targets[0].provider'));
  });
});

describe('environment interpolation', () => {
  test('replaces ${VAR} and ${VAR:-default} in values', () => {
    const config = expectOk(
      parseConfigText(
        `
server: { host: "\${HOST:-0.0.0.0}" }
providers:
  - id: anthropic
    type: anthropic
    api_key: \${ANTHROPIC_API_KEY}
    headers: { x-team: "team-\${TEAM}" }
`,
        { ANTHROPIC_API_KEY: 'sk-ant-123', TEAM: 'core' },
      ),
    );
    assert.equal(config.server.host, '0.0.0.0');
    assert.equal(config.providers[0]?.api_key, 'sk-ant-123');
    assert.deepEqual(config.providers[0]?.headers, { 'x-team': 'team-core' });
  });

  test('reports an unset variable with its name and path, and nothing else at that path', () => {
    const problems = expectProblems(
      parseConfigText('providers:\n  - id: local\n    type: openai-compatible\n    base_url: ${LOCAL_URL}\n', {}),
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'providers[0].base_url');
    assert.match(problems[0]?.message ?? '', /environment variable LOCAL_URL is not set .*\(line 4\)/);
  });

  test('reports every unset variable along with the other problems', () => {
    const problems = expectProblems(
      parseConfigText(
        'server: { port: 1.5 }\nproviders:\n  - { id: a, type: openai, api_key: "${A}" }\n  - { id: b, type: openai, api_key: "${B}" }\n',
        {},
      ),
    );
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['server.port', 'providers[0].api_key', 'providers[1].api_key'],
    );
  });

  test('reads a plain whole reference like YAML, so numbers stay numbers', () => {
    const config = expectOk(parseConfigText(`server:\n  port: \${PORT}\n${minimal}`, { PORT: '9000' }));
    assert.equal(config.server.port, 9000);
  });

  test('keeps a quoted reference as text', () => {
    const problems = expectProblems(parseConfigText(`server:\n  port: "\${PORT}"\n${minimal}`, { PORT: '9000' }));
    assert.match(problemAt(problems, 'server.port').message, /expected a number, got text/);
  });

  test('leaves out a key whose plain reference resolves to nothing, so the default applies', () => {
    const config = expectOk(
      parseConfigText('server:\n  port: ${PORT:-}\nproviders:\n  - { id: a, type: openai, api_key: "x" }\n', {}),
    );
    assert.equal(config.server.port, 8700);
    const local = expectOk(
      parseConfigText(
        'providers:\n  - id: l\n    type: openai-compatible\n    base_url: http://h/v1\n    api_key: ${KEY:-}\n',
        {},
      ),
    );
    assert.equal(local.providers[0]?.api_key, undefined);
  });

  test('never lets a variable add structure', () => {
    const config = expectOk(
      parseConfigText('providers:\n  - id: a\n    type: openai\n    api_key: ${KEY}\n', { KEY: 'x\nextra: true' }),
    );
    assert.equal(config.providers[0]?.api_key, 'x\nextra: true');
  });

  test('does not interpolate comments or keys', () => {
    expectOk(parseConfigText(`# uses \${UNSET} in a comment\n${minimal}`, {}));
  });
});

describe('loadConfig', () => {
  test('reads the file given by path, relative to cwd', async () => {
    const directory = temporaryDirectory();
    fs.writeFileSync(path.join(directory, 'custom.yaml'), minimal);
    const result = await loadConfig({ path: 'custom.yaml', env: {}, cwd: directory });
    assert.ok(result.ok);
    assert.equal(result.source, 'file');
    assert.equal(result.config.providers[0]?.id, 'anthropic');
  });

  test('reports a missing file given by path', async () => {
    const directory = temporaryDirectory();
    const result = await loadConfig({ path: 'nope.yaml', env: { ANTHROPIC_API_KEY: 'x' }, cwd: directory });
    const problems = expectProblems(result);
    assert.equal(problems[0]?.path, '(root)');
    assert.match(problems[0]?.message ?? '', /config file not found: .*nope\.yaml/);
  });

  test('uses ./outlast.yaml when no path is given', async () => {
    const directory = temporaryDirectory();
    fs.writeFileSync(path.join(directory, 'outlast.yaml'), minimal);
    const result = await loadConfig({ env: { OPENAI_API_KEY: 'x' }, cwd: directory });
    assert.ok(result.ok);
    assert.equal(result.source, 'file');
    assert.deepEqual(
      result.config.providers.map((provider) => provider.id),
      ['anthropic'],
    );
  });

  test('falls back to the environment when there is no file', async () => {
    const result = await loadConfig({ env: { OPENAI_API_KEY: 'sk-x' }, cwd: temporaryDirectory() });
    assert.ok(result.ok);
    assert.equal(result.source, 'env');
    assert.equal(result.config.providers[0]?.id, 'openai');
    assert.match(result.notes[0] ?? '', /no outlast\.yaml/);
  });

  test('reports the file problems with paths', async () => {
    const directory = temporaryDirectory();
    fs.writeFileSync(path.join(directory, 'outlast.yaml'), 'providers: [{ id: a, type: openai, nope: 1 }]\n');
    const problems = expectProblems(await loadConfig({ env: {}, cwd: directory }));
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['providers[0].nope'],
    );
  });

  test('loads the example file', async () => {
    const example = new URL('../../examples/outlast.yaml', import.meta.url).pathname;
    const result = await loadConfig({
      path: example,
      env: { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' },
      cwd: temporaryDirectory(),
    });
    const config = expectOk(result);
    assert.deepEqual(
      config.providers.map((provider) => provider.type),
      ['anthropic', 'openai', 'openai-compatible'],
    );
    assert.equal(config.routes.length, 2);
  });
});
