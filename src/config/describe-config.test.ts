import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDirectModelsWithout, describeRoutesWithout } from './describe-config.ts';
import { parseConfigText } from './load-config.ts';
import type { OutlastConfig } from './schema.ts';

function load(text: string): OutlastConfig {
  const result = parseConfigText(text, {});
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.config;
}

const config = load(`
providers:
  - { id: anthropic, type: anthropic }
  - { id: openai, type: openai }
  - { id: local, type: openai-compatible, base_url: "http://h/v1", models: ["*"] }
routes:
  - model: smart
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-5 }
      - { provider: local, model: llama }
  - model: pair
    strategy: balance
    targets:
      - { provider: anthropic, model: a }
      - { provider: openai, model: b }
  - model: only-anthropic
    strategy: fallback
    targets: [{ provider: anthropic, model: a }]
  - model: local-only
    strategy: fallback
    targets: [{ provider: local, model: llama }]
`);

function statuses(without: string[]) {
  return Object.fromEntries(describeRoutesWithout(config, without).map((audit) => [audit.route, audit.status]));
}

test('keeps every route ok when nothing is down', () => {
  assert.deepEqual(statuses([]), { smart: 'ok', pair: 'ok', 'only-anthropic': 'ok', 'local-only': 'ok' });
});

test('marks a route with no target left', () => {
  const audits = describeRoutesWithout(config, ['anthropic']);
  assert.deepEqual(
    audits.find((audit) => audit.route === 'only-anthropic'),
    {
      route: 'only-anthropic',
      remaining: [],
      status: 'no-target',
    },
  );
});

test('keeps a route ok when at least half of its targets remain, hosted among them', () => {
  assert.equal(statuses(['anthropic']).smart, 'ok');
  assert.equal(statuses(['anthropic']).pair, 'ok');
});

test('marks a route degraded when fewer than half of its targets remain', () => {
  const audits = describeRoutesWithout(config, ['anthropic', 'openai']);
  const smart = audits.find((audit) => audit.route === 'smart');
  assert.equal(smart?.status, 'degraded');
  assert.deepEqual(smart?.remaining, [{ provider: 'local', model: 'llama', weight: 1 }]);
});

test('marks a route degraded when only local targets remain where it had a hosted one', () => {
  const twoOfThreeLocal = load(`
providers:
  - { id: anthropic, type: anthropic }
  - { id: l1, type: openai-compatible, base_url: "http://h/v1" }
  - { id: l2, type: openai-compatible, base_url: "http://h/v1" }
routes:
  - model: m
    strategy: fallback
    targets: [{ provider: anthropic, model: a }, { provider: l1, model: x }, { provider: l2, model: y }]
`);
  assert.equal(describeRoutesWithout(twoOfThreeLocal, ['anthropic'])[0]?.status, 'degraded');
});

test('counts a hosted preset as hosted: a route left with anthropic down and groq up is not degraded', () => {
  const withGroq = load(`
providers:
  - { id: anthropic, type: anthropic }
  - { id: groq, type: openai-compatible, preset: groq, api_key: k }
  - { id: local, type: openai-compatible, preset: ollama }
routes:
  - model: m
    strategy: fallback
    targets: [{ provider: anthropic, model: a }, { provider: groq, model: x }, { provider: local, model: y }]
`);
  assert.equal(describeRoutesWithout(withGroq, ['anthropic'])[0]?.status, 'ok');
  assert.equal(describeRoutesWithout(withGroq, ['anthropic', 'groq'])[0]?.status, 'degraded');
});

test('keeps an all-local route ok when a hosted provider goes down', () => {
  assert.equal(statuses(['anthropic', 'openai'])['local-only'], 'ok');
});

test('says which provider takes the models a down provider served without a route', () => {
  assert.deepEqual(describeDirectModelsWithout(config, ['anthropic']), [
    { provider: 'anthropic', models: 'claude-*', takenOverBy: 'local' },
  ]);
  const withoutLocal = load('providers: [{ id: anthropic, type: anthropic }, { id: openai, type: openai }]');
  assert.deepEqual(describeDirectModelsWithout(withoutLocal, ['anthropic']), [
    { provider: 'anthropic', models: 'claude-*', takenOverBy: undefined },
  ]);
});
