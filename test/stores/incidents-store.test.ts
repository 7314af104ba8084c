import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Incident, VendorIncident } from '../../src/core/monitoring.ts';
import type { IncidentsStore } from '../../src/store/incidents/incidents-store.ts';
import { createMemoryIncidentsStore } from '../../src/store/incidents/memory-incidents-store.ts';
import { createSqliteIncidentsStore } from '../../src/store/incidents/sqlite-incidents-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-incidents-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function incident(id: string, provider: string, openedAt: number, resolvedAt?: number): Incident {
  return {
    id,
    provider,
    status: resolvedAt === undefined ? 'open' : 'resolved',
    severity: 'major_outage',
    publicStatus: resolvedAt === undefined ? 'investigating' : 'resolved',
    openedAt,
    resolvedAt,
    timeline: [{ at: openedAt, kind: 'opened', message: 'opened', data: { samples: ['server-503'] } }],
  };
}

const vendor: VendorIncident = {
  id: 'v1',
  provider: 'anthropic',
  name: 'Elevated errors',
  status: 'investigating',
  impact: 'major',
  models: ['*'],
  createdAt: 100,
  firstSeenAt: 160,
  maintenance: false,
  updates: [{ at: 100, status: 'investigating', body: 'We are investigating.' }],
};

const implementations: [string, () => IncidentsStore][] = [
  ['memory', createMemoryIncidentsStore],
  ['sqlite', () => createSqliteIncidentsStore(join(dir, `incidents-${Math.random()}.db`))],
];

for (const [name, create] of implementations) {
  describe(`incidents store (${name})`, () => {
    test('saves, replaces and reads incidents with their timeline', () => {
      const store = create();
      store.save(incident('inc_1', 'anthropic', 1000));
      const resolved = incident('inc_1', 'anthropic', 1000, 5000);
      store.save(resolved);
      assert.deepEqual(store.get('inc_1'), resolved);
      assert.equal(store.get('missing'), undefined);
      store.close();
    });

    test('lists newest first, filtered by status, provider and time', () => {
      const store = create();
      store.save(incident('inc_1', 'anthropic', 1000, 2000));
      store.save(incident('inc_2', 'openai', 3000));
      store.save(incident('inc_3', 'anthropic', 4000));
      assert.deepEqual(
        store.list().map((entry) => entry.id),
        ['inc_3', 'inc_2', 'inc_1'],
      );
      assert.deepEqual(
        store.list({ status: 'open', provider: 'anthropic' }).map((entry) => entry.id),
        ['inc_3'],
      );
      assert.deepEqual(
        store.list({ fromMs: 2500, toMs: 3500 }).map((entry) => entry.id),
        ['inc_2'],
      );
      store.close();
    });

    test('records each emitted event once', () => {
      const store = create();
      assert.equal(store.markEmitted('inc_1:opened:1', 10), true);
      assert.equal(store.markEmitted('inc_1:opened:1', 11), false);
      assert.equal(store.markEmitted('inc_1:resolved:2', 12), true);
      store.close();
    });

    test('keeps vendor incidents by provider and id', () => {
      const store = create();
      store.saveVendorIncident(vendor);
      store.saveVendorIncident({ ...vendor, status: 'resolved', resolvedAt: 900 });
      store.saveVendorIncident({ ...vendor, provider: 'openai', createdAt: 50 });
      assert.equal(store.listVendorIncidents().length, 2);
      const [only] = store.listVendorIncidents('anthropic');
      assert.equal(only?.status, 'resolved');
      assert.equal(only?.resolvedAt, 900);
      store.close();
    });
  });
}

test('the SQLite incidents and emitted events survive reopening the file', () => {
  const file = join(dir, 'reopen.db');
  const first = createSqliteIncidentsStore(file);
  first.save(incident('inc_9', 'anthropic', 1));
  first.markEmitted('inc_9:opened:1', 1);
  first.close();
  const second = createSqliteIncidentsStore(file);
  assert.equal(second.get('inc_9')?.status, 'open');
  assert.equal(second.markEmitted('inc_9:opened:1', 2), false);
  second.close();
});
