import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFromEnv } from './config-from-env.ts';
import type { LoadResult } from './load-result.ts';

function expectOk(result: LoadResult) {
  if (!result.ok) assert.fail(result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return result;
}

test('sets up anthropic, openai and local in that order, local last with *', () => {
  const result = expectOk(
    configFromEnv({
      ANTHROPIC_API_KEY: 'sk-ant-secret',
      OPENAI_API_KEY: 'sk-openai-secret',
      OUTLAST_LOCAL_BASE_URL: 'http://127.0.0.1:11434/v1/',
    }),
  );
  assert.equal(result.source, 'env');
  assert.deepEqual(
    result.config.providers.map((provider) => [provider.id, provider.type, provider.base_url]),
    [
      ['anthropic', 'anthropic', 'https://api.anthropic.com'],
      ['openai', 'openai', 'https://api.openai.com/v1'],
      ['local', 'openai-compatible', 'http://127.0.0.1:11434/v1'],
    ],
  );
  assert.equal(result.config.providers[0]?.api_key, 'sk-ant-secret');
  assert.deepEqual(result.config.providers[0]?.models, ['claude-*']);
  assert.deepEqual(result.config.providers[2]?.models, ['*']);
  assert.equal(result.config.providers[2]?.api_key, undefined);
  assert.deepEqual(result.config.routes, []);
  assert.ok(Object.isFrozen(result.config));
});

test('notes what was set up without printing any key', () => {
  const env = {
    ANTHROPIC_API_KEY: 'sk-ant-secret',
    OPENAI_API_KEY: 'sk-openai-secret',
    OUTLAST_LOCAL_API_KEY: 'lk-secret',
    OUTLAST_LOCAL_BASE_URL: 'http://h/v1',
  };
  const result = expectOk(configFromEnv(env));
  const text = result.notes.join('\n');
  assert.match(
    text,
    /provider 'anthropic' \(anthropic\): https:\/\/api\.anthropic\.com, key from ANTHROPIC_API_KEY, serves claude-\*/,
  );
  assert.match(text, /provider 'openai'.*key from OPENAI_API_KEY/);
  assert.match(text, /provider 'local'.*key from OUTLAST_LOCAL_API_KEY/);
  for (const secret of ['sk-ant-secret', 'sk-openai-secret', 'lk-secret']) assert.ok(!text.includes(secret));
});

test('takes the local models from OUTLAST_LOCAL_MODELS', () => {
  const result = expectOk(
    configFromEnv({ OUTLAST_LOCAL_BASE_URL: 'http://h/v1', OUTLAST_LOCAL_MODELS: ' llama3.1:8b, qwen2.5*,,' }),
  );
  assert.deepEqual(result.config.providers[0]?.models, ['llama3.1:8b', 'qwen2.5*']);
});

test('overrides upstream URLs with OUTLAST_*_BASE_URL, never the client variables', () => {
  const result = expectOk(
    configFromEnv({
      ANTHROPIC_API_KEY: 'a',
      OPENAI_API_KEY: 'o',
      OUTLAST_ANTHROPIC_BASE_URL: 'https://anthropic.internal',
      OUTLAST_OPENAI_BASE_URL: 'https://openai.internal/v1',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8700',
      OPENAI_BASE_URL: 'http://127.0.0.1:8700/v1',
    }),
  );
  assert.deepEqual(
    result.config.providers.map((provider) => provider.base_url),
    ['https://anthropic.internal', 'https://openai.internal/v1'],
  );
  assert.match(result.notes.join('\n'), /ANTHROPIC_BASE_URL is ignored/);
});

test('sets up a gemini provider from GEMINI_API_KEY, its URL from OUTLAST_GEMINI_BASE_URL', () => {
  const result = expectOk(
    configFromEnv({ OPENAI_API_KEY: 'o', GEMINI_API_KEY: 'g-secret', OUTLAST_GEMINI_BASE_URL: 'https://g.internal' }),
  );
  const gemini = result.config.providers.find((provider) => provider.id === 'gemini');
  assert.equal(gemini?.type, 'gemini');
  assert.equal(gemini?.base_url, 'https://g.internal');
  assert.deepEqual(gemini?.models, ['gemini-*']);
  assert.ok(!result.notes.join('\n').includes('g-secret'));
});

test('fails with the variables to set when no provider is configured', () => {
  const result = configFromEnv({ OUTLAST_GEMINI_BASE_URL: 'https://g.internal', ANTHROPIC_API_KEY: '  ' });
  assert.equal(result.ok, false);
  const message = result.ok ? '' : (result.problems[0]?.message ?? '');
  assert.match(message, /ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY or OUTLAST_LOCAL_BASE_URL/);
  assert.match(message, /outlast\.yaml/);
});

test('reports a bad URL under the variable that holds it', () => {
  const result = configFromEnv({ ANTHROPIC_API_KEY: 'sk-secret', OUTLAST_LOCAL_BASE_URL: 'localhost:11434' });
  assert.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  assert.deepEqual(
    problems.map((problem) => problem.path),
    ['OUTLAST_LOCAL_BASE_URL'],
  );
  assert.ok(!JSON.stringify(problems).includes('sk-secret'));
});
