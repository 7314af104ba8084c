import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseStatuspageComponents } from './parse-statuspage-components.ts';
import { parseStatuspageIncidents } from './parse-statuspage-incidents.ts';
import { parseStatuspagePage } from './parse-statuspage-page.ts';
import { resolveStatusPage } from './resolve-status-page.ts';
import { mapIncidentModels, toVendorIncident } from './to-vendor-incident.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

const anthropicComponents = { 'Claude API (api.anthropic.com)': ['*'] };

test('reads page.time_zone (not timezone) and the page identity', () => {
  assert.deepEqual(parseStatuspagePage(fixture('anthropic-incidents.json')), {
    id: 'tymt9n04zgry',
    name: 'Claude',
    url: 'https://status.claude.com',
    timeZone: 'America/Los_Angeles',
    updatedAt: Date.parse('2026-03-02T18:21:44.311Z'),
  });
  assert.equal(parseStatuspagePage({ page: { id: 'x', timezone: 'Etc/UTC' } })?.timeZone, undefined);
});

test('parses incidents with updates oldest first, offsets applied, and affected components joined by code', () => {
  const parsed = parseStatuspageIncidents(fixture('anthropic-incidents.json'), { maintenance: false });
  assert.ok(parsed.ok);
  const [opus, noComponent, resolved] = parsed.incidents;
  assert.equal(opus?.name, 'Elevated errors on Claude Opus 4.6');
  assert.equal(opus?.status, 'monitoring');
  assert.equal(opus?.impact, 'major');
  assert.equal(opus?.createdAt, Date.parse('2026-03-02T16:50:12.100Z'));
  assert.equal(opus?.startedAt, Date.parse('2026-03-02T16:41:00.000Z'));
  assert.equal(opus?.shortlink, 'https://stspg.io/abc123');
  assert.equal(opus?.resolvedAt, undefined);
  assert.deepEqual(
    opus?.updates.map((update) => update.status),
    ['investigating', 'identified', 'monitoring'],
  );
  assert.deepEqual(opus?.updates[0]?.affected, [{ id: 'k8w3r06qmzrp', name: 'Claude API (api.anthropic.com)' }]);
  assert.deepEqual(opus?.updates[1]?.affected, []);
  assert.deepEqual(opus?.components, [{ id: 'k8w3r06qmzrp', name: 'Claude API (api.anthropic.com)' }]);
  assert.deepEqual(noComponent?.components, []);
  assert.equal(noComponent?.impact, 'none');
  assert.equal(resolved?.status, 'resolved');
  assert.equal(resolved?.resolvedAt, Date.parse('2026-02-27T20:10:00.000Z'));
});

test('an incident tied to no component maps to the whole provider; other products map to no model', () => {
  const parsed = parseStatuspageIncidents(fixture('anthropic-incidents.json'), { maintenance: false });
  assert.ok(parsed.ok);
  const [opus, noComponent, claudeCode] = parsed.incidents;
  assert.deepEqual(mapIncidentModels(opus!, anthropicComponents), ['*']);
  assert.deepEqual(mapIncidentModels(noComponent!, anthropicComponents), ['*']);
  assert.deepEqual(mapIncidentModels(claudeCode!, anthropicComponents), []);
  assert.deepEqual(mapIncidentModels(claudeCode!, { nq2h4m8c7vfa: ['claude-code-*'] }), ['claude-code-*']);
  assert.deepEqual(mapIncidentModels(claudeCode!, undefined), ['*']);
});

test('parses a scheduled maintenance with its window', () => {
  const parsed = parseStatuspageIncidents(fixture('openai-scheduled-maintenances.json'), { maintenance: true });
  assert.ok(parsed.ok);
  const [maintenance] = parsed.incidents;
  assert.equal(maintenance?.maintenance, true);
  assert.equal(maintenance?.impact, 'maintenance');
  assert.equal(maintenance?.status, 'scheduled');
  assert.equal(maintenance?.scheduledFor, Date.parse('2026-03-03T02:00:00Z'));
  assert.equal(maintenance?.scheduledUntil, Date.parse('2026-03-03T03:00:00Z'));
  const vendor = toVendorIncident({
    incident: maintenance!,
    provider: 'openai',
    components: { 'Chat Completions': ['*'], Batch: ['gpt-*'] },
    firstSeenAt: 5,
  });
  assert.deepEqual(vendor.models, ['gpt-*']);
  assert.equal(vendor.maintenance, true);
  assert.equal(vendor.scheduledUntil, Date.parse('2026-03-03T03:00:00Z'));
});

test('a resolved incident becomes a VendorIncident with resolvedAt and its updates oldest first', () => {
  const parsed = parseStatuspageIncidents(fixture('anthropic-incidents.json'), { maintenance: false });
  assert.ok(parsed.ok);
  const vendor = toVendorIncident({
    incident: parsed.incidents[2]!,
    provider: 'anthropic',
    components: anthropicComponents,
    firstSeenAt: 7,
  });
  assert.deepEqual(vendor, {
    id: 'r3s0lv3d0001',
    provider: 'anthropic',
    name: 'Claude Code sessions failing to start',
    status: 'resolved',
    impact: 'minor',
    models: [],
    createdAt: Date.parse('2026-02-27T19:00:00.000Z'),
    firstSeenAt: 7,
    resolvedAt: Date.parse('2026-02-27T20:10:00.000Z'),
    maintenance: false,
    scheduledFor: undefined,
    scheduledUntil: undefined,
    updates: [
      {
        at: Date.parse('2026-02-27T19:00:00.000Z'),
        status: 'investigating',
        body: 'Claude Code sessions are failing to start for some users.',
      },
      { at: Date.parse('2026-02-27T20:10:00.000Z'), status: 'resolved', body: 'This incident has been resolved.' },
    ],
  });
});

test('components keep unknown states and group links', () => {
  const components = parseStatuspageComponents(fixture('anthropic-components.json'));
  assert.deepEqual(
    components.map((component) => [component.name, component.status, component.group, component.groupId]),
    [
      ['claude.ai', 'major_outage', false, undefined],
      ['Claude API (api.anthropic.com)', 'degraded_performance', false, undefined],
      ['Claude models', 'operational', true, undefined],
      ['Claude Opus 4.6', 'brand_new_state', false, 'g7m1c4t2hd0s'],
    ],
  );
});

test('a document that is not Statuspage v2 is an error, and malformed items are skipped', () => {
  assert.deepEqual(parseStatuspageIncidents({ page: {} }, { maintenance: false }), {
    ok: false,
    error: 'not a Statuspage v2 document: no incidents array',
  });
  const parsed = parseStatuspageIncidents(
    {
      incidents: [
        null,
        { id: 'a' },
        { id: 'b', name: 'B', created_at: 'not a date' },
        { id: 'c', name: 'C', created_at: '2026-01-01T00:00:00Z', incident_updates: 'x' },
      ],
    },
    { maintenance: false },
  );
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.incidents.map((incident) => [incident.id, incident.status, incident.updates.length]),
    [['c', 'unknown', 0]],
  );
});

test('status pages default per provider type, can be moved, remapped or turned off', () => {
  assert.deepEqual(resolveStatusPage({ id: 'claude', type: 'anthropic' }), {
    provider: 'claude',
    url: 'https://status.claude.com',
    components: anthropicComponents,
  });
  assert.equal(resolveStatusPage({ id: 'gpt', type: 'openai' })?.url, 'https://status.openai.com');
  assert.equal(resolveStatusPage({ id: 'claude', type: 'anthropic', status_page: false }), undefined);
  assert.equal(resolveStatusPage({ id: 'local', type: 'openai-compatible' }), undefined);
  assert.deepEqual(
    resolveStatusPage({ id: 'local', type: 'openai-compatible', status_page: { url: 'https://status.example.com' } }),
    { provider: 'local', url: 'https://status.example.com', components: undefined },
  );
  assert.deepEqual(
    resolveStatusPage({
      id: 'c',
      type: 'anthropic',
      status_page: { components: { 'Claude Opus 4.6': ['claude-opus-*'] } },
    })?.components,
    { 'Claude Opus 4.6': ['claude-opus-*'] },
  );
});
