import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { type PromText, parsePrometheus, sampleValue } from '../helpers/parse-prometheus.ts';
import { type Stack, startStack } from '../helpers/start-stack.ts';

const config = `
defaults: { retry: { base_ms: 5, cap_ms: 10, same_target_retries: 0 }, breaker: { consecutive_failures: 3, base_open_ms: 60000, max_open_ms: 60000 } }
providers:
  - { id: primary, type: openai, api_key: sk-metrics-primary-key, base_url: "\${SIM}/v1", models: [] }
  - { id: backup, type: openai-compatible, api_key: sk-metrics-backup-key, base_url: "\${SIM}/v1" }
  - { id: claude, type: anthropic, api_key: sk-ant-metrics-key, base_url: "\${SIM}", models: [] }
routes:
  - model: smart
    targets: [ { provider: primary, model: gpt-primary }, { provider: backup, model: gpt-backup } ]
  - model: claude-smart
    targets: [ { provider: claude, model: claude-sonnet-4-5 } ]
`;

describe('/metrics in the Prometheus text format', () => {
  let stack: Stack;
  let openai: OpenAI;
  before(async () => {
    stack = await startStack(config);
    openai = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'client-key', maxRetries: 0 });
  });
  after(() => stack.close());

  async function scrape(): Promise<PromText> {
    const response = await request(`${stack.url}/metrics`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await response.body.text());
  }

  test('is valid exposition text with HELP and TYPE for every family', async () => {
    const text = await scrape();
    for (const name of [
      'outlast_requests_total',
      'outlast_attempts_total',
      'outlast_failovers_total',
      'outlast_retries_total',
      'outlast_hedges_total',
      'outlast_breaker_state',
      'outlast_cool_downs_total',
      'outlast_upstream_latency_seconds',
      'outlast_upstream_ttft_seconds',
      'outlast_requests_in_flight',
      'outlast_streams_in_flight',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(text.types.has(name), `no TYPE for ${name}`);
      assert.ok(text.helps.has(name), `no HELP for ${name}`);
    }
    assert.ok(sampleValue(text, 'process_resident_memory_bytes') > 0);
  });

  test('counters move with traffic in both client formats, streams included', async () => {
    const before = await scrape();
    for (let index = 0; index < 3; index++) {
      await openai.chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] });
    }
    const stream = await openai.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    const anthropic = new Anthropic({ baseURL: stack.url, apiKey: 'client-key', maxRetries: 0 });
    await anthropic.messages.create({
      model: 'claude-smart',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'hello' }],
    });
    await request(`${stack.url}/v1/chat/completions`, { method: 'POST', body: '{"model": 1}' }).then((response) =>
      response.body.dump(),
    );
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    assert.equal(delta('outlast_requests_total', { format: 'openai', route: 'smart', status_class: '2xx' }), 4);
    assert.equal(
      delta('outlast_requests_total', { format: 'anthropic', route: 'claude-smart', status_class: '2xx' }),
      1,
    );
    assert.equal(delta('outlast_requests_total', { format: 'openai', route: 'other', status_class: '4xx' }), 1);
    assert.equal(delta('outlast_attempts_total', { provider: 'primary', model: 'gpt-primary', outcome: 'ok' }), 4);
    assert.equal(delta('outlast_upstream_latency_seconds_count', { provider: 'primary', model: 'gpt-primary' }), 4);
    assert.equal(delta('outlast_upstream_ttft_seconds_count', { provider: 'claude', model: 'claude-sonnet-4-5' }), 1);
    assert.equal(sampleValue(after, 'outlast_requests_in_flight'), 0);
    assert.equal(sampleValue(after, 'outlast_streams_in_flight'), 0);
  });

  test('the breaker gauge flips to open on an outage and failovers are counted', async () => {
    const before = await scrape();
    assert.equal(sampleValue(before, 'outlast_breaker_state', { provider: 'primary', model: 'gpt-primary' }), 0);
    stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
    try {
      for (let index = 0; index < 4; index++) {
        const answer = await openai.chat.completions.create({
          model: 'smart',
          messages: [{ role: 'user', content: 'hi' }],
        });
        assert.ok(answer.choices[0]?.message.content);
      }
    } finally {
      stack.simulator.clearFaults();
    }
    const after = await scrape();
    assert.equal(sampleValue(after, 'outlast_breaker_state', { provider: 'primary', model: 'gpt-primary' }), 2);
    const failovers =
      sampleValue(after, 'outlast_failovers_total', { provider: 'primary', model: 'gpt-primary' }) -
      sampleValue(before, 'outlast_failovers_total', { provider: 'primary', model: 'gpt-primary' });
    assert.equal(failovers, 3);
    assert.ok(
      sampleValue(after, 'outlast_breaker_transitions_total', {
        provider: 'primary',
        model: 'gpt-primary',
        to: 'open',
      }) >= 1,
    );
  });
});

describe('/metrics protected by server.metrics_key', () => {
  test('refuses a scrape without the key and serves one with it', async () => {
    const stack = await startStack(`${config}\nserver: { metrics_key: scrape-secret }\n`);
    try {
      const refused = await request(`${stack.url}/metrics`);
      assert.equal(refused.statusCode, 401);
      assert.equal(((await refused.body.json()) as { error: { code: string } }).error.code, 'unauthorized');
      const served = await request(`${stack.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
      assert.equal(served.statusCode, 200);
      parsePrometheus(await served.body.text());
    } finally {
      await stack.close();
    }
  });
});
