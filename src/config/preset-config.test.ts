import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type LoadResult, parseConfigText } from './load-config.ts';

function messagesAt(result: LoadResult, path: string): string[] {
  if (result.ok) assert.fail('expected problems, got a valid config');
  return result.problems.filter((problem) => problem.path === path).map((problem) => problem.message);
}

describe('preset and azure-openai settings', () => {
  test('a preset gives the default base_url, and a given base_url wins', () => {
    const result = parseConfigText(
      `providers:
  - { id: local, type: openai-compatible, preset: ollama }
  - { id: fast, type: openai-compatible, preset: groq, api_key: k }
  - { id: mine, type: openai-compatible, preset: vllm, base_url: "http://127.0.0.1:9000/v1/" }`,
      {},
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.config.providers.map((provider) => provider.base_url),
      ['http://127.0.0.1:11434/v1', 'https://api.groq.com/openai/v1', 'http://127.0.0.1:9000/v1'],
    );
  });

  test('a hosted preset without api_key is refused, naming the preset', () => {
    const result = parseConfigText('providers: [{ id: m, type: openai-compatible, preset: mistral }]', {});
    assert.deepEqual(messagesAt(result, 'providers[0].api_key'), [
      'required for preset mistral (a hosted service) (line 1)',
    ]);
  });

  test('an unknown preset is refused with the list of presets', () => {
    const result = parseConfigText('providers: [{ id: m, type: openai-compatible, preset: ollamma }]', {});
    assert.match(messagesAt(result, 'providers[0].preset')[0] ?? '', /one of 'ollama', 'vllm'/);
  });

  test('preset, app headers and azure keys are refused on the wrong provider', () => {
    const result = parseConfigText(
      `providers:
  - { id: a, type: openai, preset: groq, api_version: 2024-10-21 }
  - { id: b, type: openai-compatible, preset: ollama, app_name: Outlast }`,
      {},
    );
    assert.match(messagesAt(result, 'providers[0].preset')[0] ?? '', /only providers of type openai-compatible/);
    assert.match(messagesAt(result, 'providers[0].api_version')[0] ?? '', /only providers of type azure-openai/);
    assert.match(messagesAt(result, 'providers[1].app_name')[0] ?? '', /only providers with preset openrouter/);
  });

  test('azure-openai needs base_url and api_key; api_version is checked', () => {
    const result = parseConfigText('providers: [{ id: az, type: azure-openai, api_version: latest }]', {});
    assert.match(messagesAt(result, 'providers[0].base_url')[0] ?? '', /https:\/\/<resource>\.openai\.azure\.com/);
    assert.match(messagesAt(result, 'providers[0].api_key')[0] ?? '', /api-key header/);
    assert.match(messagesAt(result, 'providers[0].api_version')[0] ?? '', /such as 2024-10-21/);
  });

  test('a complete azure-openai provider loads with its deployments', () => {
    const result = parseConfigText(
      `providers:
  - { id: az, type: azure-openai, api_key: k, base_url: "https://res.openai.azure.com", deployments: { gpt-4o: prod } }`,
      {},
    );
    assert.ok(result.ok);
    assert.deepEqual(result.config.providers[0]?.deployments, { 'gpt-4o': 'prod' });
    assert.equal(result.config.providers[0]?.base_url, 'https://res.openai.azure.com');
  });
});
