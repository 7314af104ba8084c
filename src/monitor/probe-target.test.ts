import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseConfigText } from '../config/load-config.ts';
import { createAdapter } from '../pipeline/create-adapter.ts';
import { createSimulator } from '../sim/create-simulator.ts';
import { isProbeDue, probeTarget } from './probe-target.ts';

describe('probeTarget against the simulator', () => {
  const simulator = createSimulator();
  let url = '';
  before(async () => {
    url = (await simulator.listen(0, '127.0.0.1')).url;
  });
  after(() => simulator.close());

  function adapters() {
    const loaded = parseConfigText(
      `providers:
  - { id: claude, type: anthropic, api_key: sk-ant-probe, base_url: "${url}" }
  - { id: gpt, type: openai, api_key: sk-openai-probe, base_url: "${url}/v1" }`,
      {},
    );
    assert.ok(loaded.ok);
    return loaded.config.providers.map((provider) => createAdapter(provider, 1000));
  }

  test('sends one real inference request with max_tokens 1 in each format and counts its tokens', async () => {
    const [claude, gpt] = adapters();
    simulator.resetStats();
    for (const [adapter, model] of [
      [claude!, 'claude-haiku-4-5'],
      [gpt!, 'gpt-5-mini'],
    ] as const) {
      const result = await probeTarget({ adapter, model, timeoutMs: 5000, now: Date.now });
      assert.equal(result.kind, 'ok', `${model}: ${result.reason}`);
      assert.ok(result.tokens > 0, `${model} reported its usage`);
      await adapter.close();
    }
  });

  test('classifies failures like live traffic', async () => {
    simulator.setFaults([
      { match: { model: 'down-model' }, fault: 'error', status: 503 },
      { match: { model: 'limited-model' }, fault: 'error', status: 429 },
    ]);
    const [, gpt] = adapters();
    const down = await probeTarget({ adapter: gpt!, model: 'down-model', timeoutMs: 5000, now: Date.now });
    assert.deepEqual([down.kind, down.reason, down.tokens], ['error', 'server-503', 0]);
    const limited = await probeTarget({ adapter: gpt!, model: 'limited-model', timeoutMs: 5000, now: Date.now });
    assert.equal(limited.kind, 'excluded');
    simulator.clearFaults();
    await gpt!.close();
  });
});

test('an idle target is due after the interval and its jitter, a suspect one after the suspect interval', () => {
  const base = { lastTrafficAtMs: 0, lastProbeAtMs: 0, startedAtMs: 0, intervalMs: 60_000, suspectIntervalMs: 5000 };
  assert.equal(isProbeDue({ ...base, nowMs: 60_000, suspect: false, jitter: 0 }), true);
  assert.equal(isProbeDue({ ...base, nowMs: 65_000, suspect: false, jitter: 1 }), false);
  assert.equal(isProbeDue({ ...base, nowMs: 66_000, suspect: false, jitter: 1 }), true);
  assert.equal(isProbeDue({ ...base, lastTrafficAtMs: 50_000, nowMs: 70_000, suspect: false, jitter: 0 }), false);
  assert.equal(
    isProbeDue({ ...base, lastTrafficAtMs: 69_000, lastProbeAtMs: 64_000, nowMs: 69_000, suspect: true, jitter: 0 }),
    true,
  );
});
