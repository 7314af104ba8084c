import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { HealthState, Incident, TimelineEntryKind } from '../core/monitoring.ts';
import { buildStatusSummary } from './build-status-summary.ts';

const t0 = Date.UTC(2026, 2, 2, 11, 49);

function incident(fields: Partial<Incident> = {}): Incident {
  return {
    id: 'inc_1',
    provider: 'anthropic',
    status: 'open',
    severity: 'major_outage',
    publicStatus: 'investigating',
    openedAt: t0,
    timeline: [{ at: t0, kind: 'opened', message: 'anthropic: major outage; sample errors: 529 overloaded' }],
    ...fields,
  };
}

const health = {
  providers: [
    { provider: 'anthropic', state: 'major_outage' as HealthState },
    { provider: 'openai', state: 'operational' as HealthState },
  ],
  targets: [
    { provider: 'anthropic', model: 'claude-sonnet-4-6', state: 'major_outage' as HealthState },
    { provider: 'openai', model: 'gpt-5', state: null },
  ],
};

test('the summary has a group per provider, a component per model, and the worst state as its indicator', () => {
  const summary = buildStatusSummary({ health, incidents: [], nowMs: t0, baseUrl: 'https://status.example.com' });
  assert.deepEqual(summary.status, { indicator: 'critical', description: 'Major System Outage' });
  assert.deepEqual(
    summary.components.map((component) => [component.name, component.status, component.group, component.group_id]),
    [
      ['anthropic', 'major_outage', true, null],
      ['claude-sonnet-4-6', 'major_outage', false, 'provider:anthropic'],
      ['openai', 'operational', true, null],
      ['gpt-5', 'operational', false, 'provider:openai'],
    ],
  );
  assert.deepEqual(summary.components[0]?.components, ['model:anthropic/claude-sonnet-4-6']);
  assert.equal(summary.components[3]?.description, 'No recent traffic or probe to judge by.');
  assert.equal(summary.page.url, 'https://status.example.com/status');
  assert.equal(summary.page.time_zone, 'Etc/UTC');
  assert.deepEqual(summary.scheduled_maintenances, []);
});

test('all operational reads "All Systems Operational"; only unresolved provider incidents are listed', () => {
  const calm = {
    providers: [{ provider: 'openai', state: 'operational' as HealthState }],
    targets: [{ provider: 'openai', model: 'gpt-5', state: 'operational' as HealthState }],
  };
  const summary = buildStatusSummary({
    health: calm,
    incidents: [
      incident({ id: 'inc_old', status: 'resolved', publicStatus: 'resolved', resolvedAt: t0 + 60_000 }),
      incident({ id: 'inc_child', model: 'claude-sonnet-4-6', parentId: 'inc_open' }),
      incident({ id: 'inc_open', severity: 'degraded' }),
    ],
    nowMs: t0,
    baseUrl: 'http://127.0.0.1:8700',
  });
  assert.deepEqual(
    summary.incidents.map((entry) => entry.id),
    ['inc_open'],
  );
  assert.deepEqual(summary.status, { indicator: 'minor', description: 'Minor Service Outage' });
  assert.deepEqual(summary.incidents[0]?.component_ids, ['provider:anthropic', 'model:anthropic/claude-sonnet-4-6']);
  const quiet = buildStatusSummary({ health: calm, incidents: [], nowMs: t0, baseUrl: 'http://x' });
  assert.deepEqual(quiet.status, { indicator: 'none', description: 'All Systems Operational' });
});

test('an incident being watched after recovery (monitoring) no longer raises the indicator', () => {
  const calm = { providers: [{ provider: 'anthropic', state: 'operational' as HealthState }], targets: [] };
  const summary = buildStatusSummary({
    health: calm,
    incidents: [incident({ publicStatus: 'monitoring' })],
    nowMs: t0,
    baseUrl: 'http://x',
  });
  assert.equal(summary.status.indicator, 'none');
  assert.equal(summary.incidents[0]?.status, 'monitoring');
});

test('no timeline message, error sample or note ever reaches the public summary', () => {
  const kinds: TimelineEntryKind[] = [
    'opened',
    'severity_changed',
    'failover_engaged',
    'vendor_posted',
    'vendor_update',
    'recovering',
    'resolved',
    'note',
  ];
  fc.assert(
    fc.property(
      fc.array(fc.record({ kind: fc.constantFrom(...kinds), secret: fc.string({ minLength: 12 }) }), {
        minLength: 1,
        maxLength: 12,
      }),
      (entries) => {
        const marker = 'SECRET-MARKER-';
        const timeline = entries.map((entry, index) => ({
          at: t0 + index * 1000,
          kind: entry.kind,
          message: `${marker}${entry.secret}`,
          data: { body: `${marker}body` },
        }));
        const summary = buildStatusSummary({
          health,
          incidents: [incident({ timeline })],
          nowMs: t0,
          baseUrl: 'http://x',
        });
        assert.ok(!JSON.stringify(summary).includes(marker));
      },
    ),
  );
});
