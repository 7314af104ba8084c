import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HealthState, IncidentEvent, VendorIncident } from '../core/monitoring.ts';
import { createMemoryIncidentsStore } from '../store/incidents/memory-incidents-store.ts';
import { createIncidentBook, type ProviderView } from './create-incident-book.ts';

function view(
  state: HealthState | undefined,
  models: Record<string, HealthState> = {},
  recovering = false,
): ProviderView {
  return {
    provider: 'anthropic',
    state,
    targets: Object.entries(models).map(([model, modelState]) => ({
      model,
      state: modelState,
      samples: ['server-503'],
    })),
    recovering,
    firstFailureAt: 900,
  };
}

const vendor: VendorIncident = {
  id: 'v1',
  provider: 'anthropic',
  name: 'Elevated errors on Claude Opus',
  status: 'investigating',
  impact: 'major',
  models: ['claude-opus-4-6'],
  createdAt: 1500,
  firstSeenAt: 1600,
  maintenance: false,
  updates: [{ at: 1500, status: 'investigating', body: 'We are investigating elevated errors.' }],
};

describe('incident book', () => {
  test('opens one provider incident with model children, raises severity, recovers and resolves, one event each', () => {
    const store = createMemoryIncidentsStore();
    const events: IncidentEvent[] = [];
    const book = createIncidentBook({ store });
    book.subscribe((event) => events.push(event));
    book.reconcile(view('operational', { 'claude-opus-4-6': 'operational' }), 500);
    assert.equal(book.list().length, 0);
    book.reconcile(
      view('partial_outage', { 'claude-opus-4-6': 'partial_outage', 'claude-haiku-4-5': 'operational' }),
      1000,
    );
    const opened = book.openIncident('anthropic');
    assert.ok(opened);
    assert.equal(opened.severity, 'partial_outage');
    assert.equal(opened.publicStatus, 'investigating');
    assert.match(
      opened.timeline[0]!.message,
      /anthropic: partial outage \(claude-opus-4-6\); sample errors: server-503/,
    );
    assert.equal(opened.timeline[0]!.data?.firstFailureAt, 900);
    assert.deepEqual(
      book.openChildren('anthropic').map((child) => [child.model, child.parentId]),
      [['claude-opus-4-6', opened.id]],
    );
    book.reconcile(
      view('major_outage', { 'claude-opus-4-6': 'major_outage', 'claude-haiku-4-5': 'major_outage' }),
      2000,
    );
    book.reconcile(
      view('major_outage', { 'claude-opus-4-6': 'major_outage', 'claude-haiku-4-5': 'major_outage' }),
      3000,
    );
    assert.equal(book.openChildren('anthropic').length, 2);
    book.addFailover('anthropic', [{ from: 'anthropic/claude-opus-4-6', to: 'openai/gpt-5', count: 31 }], 3000);
    book.reconcile(
      view('major_outage', { 'claude-opus-4-6': 'major_outage', 'claude-haiku-4-5': 'operational' }, true),
      4000,
    );
    assert.equal(book.openIncident('anthropic')?.publicStatus, 'monitoring');
    assert.equal(book.openChildren('anthropic').length, 1, 'the recovered model child is resolved');
    book.reconcile(view(undefined), 5000);
    assert.ok(book.openIncident('anthropic'), 'no data resolves nothing');
    book.reconcile(view('operational', { 'claude-opus-4-6': 'operational', 'claude-haiku-4-5': 'operational' }), 6000);
    const resolved = book.get(opened.id)!;
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolvedAt, 6000);
    assert.deepEqual(
      resolved.timeline.map((entry) => entry.kind),
      ['opened', 'severity_changed', 'failover_engaged', 'recovering', 'resolved'],
    );
    assert.equal(
      resolved.timeline[2]!.message,
      'failover engaged: 31 requests moved from anthropic/claude-opus-4-6 to openai/gpt-5',
    );
    assert.deepEqual(
      events.map((event) => event.kind),
      ['opened', 'severity_changed', 'resolved'],
    );
    assert.equal(book.list({ status: 'open' }).length, 0, 'children resolved with their parent');
  });

  test('ties the vendor incident: detection lead, vendor_acknowledged once, each vendor update once', () => {
    const store = createMemoryIncidentsStore();
    const events: IncidentEvent[] = [];
    const book = createIncidentBook({ store });
    book.subscribe((event) => events.push(event));
    book.reconcile(view('major_outage', { 'claude-opus-4-6': 'major_outage' }), 1000);
    book.recordVendorIncident(vendor, 1600);
    book.recordVendorIncident(vendor, 1660);
    book.recordVendorIncident(
      {
        ...vendor,
        status: 'identified',
        updates: [...vendor.updates, { at: 1700, status: 'identified', body: 'Fix rolling out.' }],
      },
      1720,
    );
    const incident = book.openIncident('anthropic')!;
    assert.equal(incident.vendorFirstSeenAt, 1600);
    assert.equal(incident.publicStatus, 'identified');
    assert.deepEqual(
      incident.timeline.map((entry) => entry.kind),
      ['opened', 'vendor_posted', 'vendor_update', 'vendor_update'],
    );
    assert.match(incident.timeline[1]!.message, /detection lead 1 s/);
    assert.deepEqual(
      events.map((event) => event.kind),
      ['opened', 'vendor_acknowledged'],
    );
    assert.equal(store.listVendorIncidents('anthropic')[0]?.status, 'identified');
  });

  test('a vendor incident that matches nothing is only stored, and a note lands on the timeline', () => {
    const store = createMemoryIncidentsStore();
    const book = createIncidentBook({ store });
    book.recordVendorIncident({ ...vendor, id: 'v2' }, 1600);
    assert.equal(book.list().length, 0);
    assert.equal(store.listVendorIncidents().length, 1);
    book.reconcile(view('degraded', { 'claude-opus-4-6': 'degraded' }), 2000);
    const id = book.openIncident('anthropic')!.id;
    assert.equal(book.addNote(id, 'ana: looking into it', 2100)?.timeline.at(-1)?.message, 'ana: looking into it');
    assert.equal(book.openIncident('anthropic')?.timeline.at(-1)?.kind, 'note');
    assert.equal(book.addNote('inc_missing', 'x', 2100), undefined);
  });

  test('a new book on the same store continues the open incident and never emits an event twice', () => {
    const store = createMemoryIncidentsStore();
    const first = createIncidentBook({ store });
    const firstEvents: IncidentEvent[] = [];
    first.subscribe((event) => firstEvents.push(event));
    first.reconcile(view('major_outage', { 'claude-opus-4-6': 'major_outage' }), 1000);
    const second = createIncidentBook({ store });
    const secondEvents: IncidentEvent[] = [];
    second.subscribe((event) => secondEvents.push(event));
    second.reconcile(view('major_outage', { 'claude-opus-4-6': 'major_outage' }), 2000);
    assert.equal(second.openIncident('anthropic')?.id, first.openIncident('anthropic')?.id);
    second.reconcile(view('operational', { 'claude-opus-4-6': 'operational' }), 3000);
    assert.deepEqual(
      [...firstEvents, ...secondEvents].map((event) => event.kind),
      ['opened', 'resolved'],
    );
  });

  test('a throwing sink does not stop the others', () => {
    const book = createIncidentBook({ store: createMemoryIncidentsStore() });
    const received: string[] = [];
    book.subscribe(() => {
      throw new Error('broken sink');
    });
    book.subscribe((event) => received.push(event.kind));
    book.reconcile(view('major_outage', { m: 'major_outage' }), 1000);
    assert.deepEqual(received, ['opened']);
  });
});
