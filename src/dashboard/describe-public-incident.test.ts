import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../core/monitoring.ts';
import { describePublicIncident } from './describe-public-incident.ts';

const t0 = Date.UTC(2026, 2, 2, 11, 49);

test('updates follow Statuspage states (investigating, identified, monitoring, resolved), newest first', () => {
  const incident: Incident = {
    id: 'inc_1',
    provider: 'anthropic',
    status: 'resolved',
    severity: 'major_outage',
    publicStatus: 'resolved',
    openedAt: t0,
    resolvedAt: t0 + 600_000,
    vendorFirstSeenAt: t0 + 240_000,
    timeline: [
      { at: t0, kind: 'opened', message: 'sample errors: 529 {"secret":"x"}' },
      { at: t0 + 10_000, kind: 'failover_engaged', message: '31 requests moved to openai/gpt-5' },
      { at: t0 + 20_000, kind: 'note', message: 'ana: paging the Anthropic TAM on +1 555 0100' },
      { at: t0 + 240_000, kind: 'vendor_posted', message: 'vendor posted' },
      { at: t0 + 500_000, kind: 'recovering', message: 'recovering' },
      { at: t0 + 600_000, kind: 'resolved', message: 'operational again' },
    ],
  };
  const child: Incident = { ...incident, id: 'inc_2', model: 'claude-sonnet-4-6', parentId: 'inc_1' };
  const shown = describePublicIncident(incident, [child], { pageId: 'outlast', baseUrl: 'http://x' });
  assert.equal(shown.name, 'Major outage on anthropic');
  assert.equal(shown.impact, 'critical');
  assert.deepEqual(
    shown.incident_updates.map((update) => update.status),
    ['resolved', 'monitoring', 'identified', 'investigating', 'investigating'],
  );
  assert.equal(shown.monitoring_at, new Date(t0 + 500_000).toISOString());
  assert.equal(shown.resolved_at, new Date(t0 + 600_000).toISOString());
  assert.equal(shown.shortlink, 'http://x/status#inc_1');
  const text = JSON.stringify(shown);
  assert.ok(!text.includes('secret') && !text.includes('555') && !text.includes('gpt-5'), text);
});
