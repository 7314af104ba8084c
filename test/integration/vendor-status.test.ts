import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { VendorIncident } from '../../src/core/monitoring.ts';
import {
  createVendorStatusPoller,
  type PollTimer,
} from '../../src/monitor/vendor-status/create-vendor-status-poller.ts';
import { DEFAULT_STATUS_PAGES } from '../../src/monitor/vendor-status/resolve-status-page.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { deadUrl, startStack } from '../helpers/start-stack.ts';

let simulator: Simulator;
let simUrl: string;
let clock = Date.UTC(2026, 2, 2, 11, 49);

before(async () => {
  simulator = createSimulator({ now: () => clock });
  simUrl = (await simulator.listen()).url;
});
after(() => simulator.close());
beforeEach(async () => {
  await fetch(`${simUrl}/sim/status/anthropic`, { method: 'DELETE' });
  await fetch(`${simUrl}/sim/status/openai`, { method: 'DELETE' });
});

async function postStatus(vendor: string, body: unknown): Promise<Record<string, { id: string }>> {
  const response = await fetch(`${simUrl}/sim/status/${vendor}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, { id: string }>;
}

function pollerFor(received: VendorIncident[]) {
  return createVendorStatusPoller({
    pages: [
      {
        provider: 'anthropic',
        url: `${simUrl}/sim/status/anthropic`,
        components: DEFAULT_STATUS_PAGES.anthropic?.components,
      },
      { provider: 'openai', url: `${simUrl}/sim/status/openai`, components: DEFAULT_STATUS_PAGES.openai?.components },
    ],
    sink: (incident) => received.push(incident),
    now: () => clock,
  });
}

test('an incident posted on the simulated status page comes out once, and again on each update', async () => {
  const received: VendorIncident[] = [];
  const poller = pollerFor(received);
  await poller.pollOnce();
  assert.equal(received.length, 0);

  clock += 60_000;
  const posted = await postStatus('anthropic', {
    incident: {
      name: 'Elevated errors on the Claude API',
      impact: 'major',
      body: 'Investigating.',
      components: ['Claude API (api.anthropic.com)'],
    },
  });
  const firstSeenAt = clock + 5_000;
  clock = firstSeenAt;
  await poller.pollOnce();
  await poller.pollOnce();
  assert.equal(received.length, 1);
  assert.equal(received[0]?.id, posted.incident?.id);
  assert.equal(received[0]?.provider, 'anthropic');
  assert.deepEqual(received[0]?.models, ['*']);
  assert.equal(received[0]?.firstSeenAt, firstSeenAt);
  assert.equal(received[0]?.status, 'investigating');

  clock += 60_000;
  await postStatus('anthropic', { incident: { id: posted.incident?.id, status: 'identified', body: 'Found it.' } });
  await poller.pollOnce();
  assert.equal(received.length, 2);
  assert.equal(received[1]?.status, 'identified');
  assert.equal(received[1]?.firstSeenAt, firstSeenAt);
  assert.deepEqual(
    received[1]?.updates.map((update) => update.body),
    ['Investigating.', 'Found it.'],
  );

  clock += 60_000;
  await postStatus('anthropic', { incident: { id: posted.incident?.id, status: 'resolved', body: 'Resolved.' } });
  await poller.pollOnce();
  await poller.pollOnce();
  assert.equal(received.length, 3);
  assert.equal(received[2]?.resolvedAt, clock);
  const [page] = poller.pages();
  assert.equal(page?.timeZone, 'Etc/UTC');
  assert.ok(page?.components.some((component) => component.name === 'claude.ai'));
});

test('an incident on no component concerns the whole provider; one on claude.ai concerns no model', async () => {
  const received: VendorIncident[] = [];
  const poller = pollerFor(received);
  await poller.pollOnce();
  await postStatus('anthropic', { incident: { name: 'Something is wrong', body: 'Looking.' } });
  await postStatus('anthropic', { incident: { name: 'Login failures', body: 'Looking.', components: ['claude.ai'] } });
  await poller.pollOnce();
  assert.deepEqual(received.map((incident) => [incident.name, incident.models]).sort(), [
    ['Login failures', []],
    ['Something is wrong', ['*']],
  ]);
});

test('a maintenance comes out with its window; incidents already over at the first read are history', async () => {
  await postStatus('openai', { incident: { name: 'Old outage', body: 'x', components: ['Chat Completions'] } });
  const old = await postStatus('openai', { incident: { name: 'Older outage', body: 'y' } });
  await postStatus('openai', { incident: { id: old.incident?.id, status: 'resolved', body: 'done' } });
  const received: VendorIncident[] = [];
  const poller = pollerFor(received);
  await poller.pollOnce();
  assert.deepEqual(
    received.map((incident) => incident.name),
    ['Old outage'],
  );
  await postStatus('openai', {
    maintenance: {
      name: 'Batch upgrade',
      scheduled_for: '2026-03-03T02:00:00Z',
      scheduled_until: '2026-03-03T03:00:00Z',
      components: ['Embeddings'],
    },
  });
  await poller.pollOnce();
  const maintenance = received.at(-1);
  assert.equal(maintenance?.maintenance, true);
  assert.equal(maintenance?.impact, 'maintenance');
  assert.deepEqual(maintenance?.models, ['text-embedding-*']);
  assert.equal(maintenance?.scheduledFor, Date.parse('2026-03-03T02:00:00Z'));
});

test('a failing page never throws and is polled less and less often, up to the cap', async () => {
  const delays: number[] = [];
  let pending: (() => void) | undefined;
  let scheduled: () => void = () => {};
  const schedule: PollTimer = (callback, delayMs) => {
    delays.push(delayMs);
    pending = callback;
    scheduled();
    return () => {
      pending = undefined;
    };
  };
  const errors: string[] = [];
  const poller = createVendorStatusPoller({
    pages: [{ provider: 'anthropic', url: await deadUrl() }],
    sink: () => assert.fail('nothing to emit'),
    random: () => 0.5,
    schedule,
    intervalMs: 60_000,
    maxBackoffMs: 300_000,
    timeoutMs: 2_000,
    logError: (message, fields) => errors.push(`${message} ${String(fields.error)}`),
  });
  poller.start();
  for (let round = 0; round < 4; round += 1) {
    const next = new Promise<void>((resolve) => {
      scheduled = resolve;
    });
    pending?.();
    await next;
  }
  poller.stop();
  assert.deepEqual(delays, [2_500, 120_000, 240_000, 300_000, 300_000]);
  assert.equal(poller.pages()[0]?.failures, 4);
  assert.equal(errors.length, 4);
  assert.match(errors[0] ?? '', /ECONNREFUSED/);
});

test('a gateway given a vendor incident sink polls its providers status pages, and none that are turned off', async () => {
  const received: VendorIncident[] = [];
  const stack = await startStack(
    `
providers:
  - { id: claude, type: anthropic, api_key: k, base_url: "\${SIM}", status_page: { url: "\${SIM}/sim/status/anthropic" } }
  - { id: gpt, type: openai, api_key: k, base_url: "\${SIM}/v1", status_page: false }
`,
    { onVendorIncident: (incident) => received.push(incident) },
  );
  try {
    assert.deepEqual(
      stack.gateway.vendorStatus?.pages().map((page) => page.provider),
      ['claude'],
    );
    await fetch(`${stack.simUrl}/sim/status/anthropic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ incident: { name: 'Elevated errors', body: 'Looking.' } }),
    });
    await stack.gateway.vendorStatus?.pollOnce();
    assert.deepEqual(
      received.map((incident) => [incident.provider, incident.name]),
      [['claude', 'Elevated errors']],
    );
  } finally {
    await stack.close();
  }
});
