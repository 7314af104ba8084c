import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createSimulator, type Simulator } from './create-simulator.ts';

let simulator: Simulator;
let url: string;
let clock = Date.UTC(2026, 2, 2, 11, 49);

before(async () => {
  simulator = createSimulator({ now: () => clock });
  url = (await simulator.listen()).url;
});
after(() => simulator.close());
beforeEach(async () => {
  await fetch(`${url}/sim/status/anthropic`, { method: 'DELETE' });
  await fetch(`${url}/sim/status/openai`, { method: 'DELETE' });
});

async function post(vendor: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/sim/status/${vendor}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function get(vendor: string, file: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/sim/status/${vendor}/api/v2/${file}`);
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

test('serves Statuspage v2 documents with page.time_zone and realistic components', async () => {
  const components = await get('anthropic', 'components.json');
  const page = components.page as Record<string, unknown>;
  assert.equal(page.time_zone, 'Etc/UTC');
  assert.equal(page.url, 'https://status.claude.com');
  const rows = components.components as {
    id: string;
    name: string;
    status: string;
    group: boolean;
    group_id: string | null;
  }[];
  const api = rows.find((row) => row.name === 'Claude API (api.anthropic.com)');
  assert.deepEqual([api?.id, api?.status], ['k8w3r06qmzrp', 'operational']);
  assert.ok(rows.some((row) => row.name === 'claude.ai'));
  assert.ok(rows.some((row) => row.name === 'Claude Code'));
  const opus = rows.find((row) => row.name === 'Claude Opus 4.6');
  assert.equal(rows.find((row) => row.id === opus?.group_id)?.group, true);
  const openai = await get('openai', 'summary.json');
  assert.ok((openai.components as { name: string }[]).some((row) => row.name === 'Chat Completions'));
  assert.deepEqual(openai.status, { indicator: 'none', description: 'All Systems Operational' });
});

test('posts, updates and resolves an incident with updates newest first and affected components', async () => {
  const opened = await post('anthropic', {
    incident: {
      name: 'Elevated errors on Claude API',
      status: 'investigating',
      impact: 'major',
      body: 'Looking.',
      components: ['Claude API (api.anthropic.com)'],
      component_status: 'major_outage',
    },
  });
  assert.equal(opened.status, 200);
  const id = (opened.json.incident as { id: string }).id;
  let summary = await get('anthropic', 'summary.json');
  assert.equal((summary.incidents as unknown[]).length, 1);
  assert.equal((summary.status as { indicator: string }).indicator, 'critical');
  clock += 600_000;
  await post('anthropic', { incident: { id, status: 'monitoring', body: 'Fix deployed.' } });
  clock += 600_000;
  await post('anthropic', { incident: { id, status: 'resolved', body: 'Resolved.' } });
  const incidents = (await get('anthropic', 'incidents.json')).incidents as Record<string, unknown>[];
  const [incident] = incidents;
  assert.equal(incident?.status, 'resolved');
  assert.equal(incident?.resolved_at, new Date(clock).toISOString());
  assert.equal(incident?.monitoring_at, new Date(clock - 600_000).toISOString());
  const updates = incident?.incident_updates as {
    status: string;
    affected_components: { code: string; new_status: string }[];
  }[];
  assert.deepEqual(
    updates.map((update) => update.status),
    ['resolved', 'monitoring', 'investigating'],
  );
  assert.deepEqual(
    updates[0]?.affected_components.map((row) => [row.code, row.new_status]),
    [['k8w3r06qmzrp', 'operational']],
  );
  assert.deepEqual(
    updates[2]?.affected_components.map((row) => [row.code, row.new_status]),
    [['k8w3r06qmzrp', 'major_outage']],
  );
  summary = await get('anthropic', 'summary.json');
  assert.deepEqual(summary.incidents, []);
});

test('an incident may be tied to no component, and a maintenance has its window', async () => {
  await post('anthropic', { incident: { name: 'Login failures on claude.ai', body: 'Investigating.' } });
  const incident = ((await get('anthropic', 'incidents/unresolved.json')).incidents as Record<string, unknown>[])[0];
  assert.deepEqual(incident?.components, []);
  const maintenance = await post('openai', {
    maintenance: {
      name: 'Database upgrade',
      scheduled_for: '2026-03-03T02:00:00Z',
      scheduled_until: '2026-03-03T03:00:00Z',
      components: ['Batch'],
    },
  });
  assert.equal(maintenance.status, 200);
  const upcoming = (await get('openai', 'scheduled-maintenances/upcoming.json')).scheduled_maintenances as Record<
    string,
    unknown
  >[];
  assert.equal(upcoming[0]?.impact, 'maintenance');
  assert.equal(upcoming[0]?.scheduled_for, '2026-03-03T02:00:00.000Z');
  const id = upcoming[0]?.id;
  await post('openai', { maintenance: { id, status: 'in_progress', body: 'Started.' } });
  const batch = ((await get('openai', 'components.json')).components as { name: string; status: string }[]).find(
    (row) => row.name === 'Batch',
  );
  assert.equal(batch?.status, 'under_maintenance');
});

test('an unknown component or vendor is a 400 or 404 naming it, and nothing changes', async () => {
  const bad = await post('anthropic', { incident: { name: 'x', components: ['Claude Sonnet 9'] } });
  assert.equal(bad.status, 400);
  assert.match(String((bad.json.error as { message: string }).message), /Unknown component 'Claude Sonnet 9'/);
  assert.deepEqual((await get('anthropic', 'incidents.json')).incidents, []);
  const unknown = await post('acme', { components: {} });
  assert.equal(unknown.status, 404);
  const invalid = await post('anthropic', { incident: { name: 'x', status: 'exploding' } });
  assert.equal(invalid.status, 400);
});
