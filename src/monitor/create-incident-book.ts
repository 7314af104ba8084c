import { randomUUID } from 'node:crypto';
import type {
  HealthState,
  Incident,
  IncidentEvent,
  IncidentEventKind,
  IncidentEventSink,
  TimelineEntry,
  VendorIncident,
} from '../core/monitoring.ts';
import type { IncidentQuery, IncidentsStore } from '../store/incidents/incidents-store.ts';
import { severityRank } from './compute-health-state.ts';

/** What the monitor tells the book about one provider at an evaluation. */
export interface ProviderView {
  /** Provider id (or `outlast` for the self incident). */
  provider: string;
  /** The provider's confirmed state; undefined without data. */
  state: HealthState | undefined;
  /** Its targets' confirmed states, with recent error reasons. */
  targets: readonly { model: string; state: HealthState | undefined; samples: readonly string[] }[];
  /** True when fresh evidence points to recovery (a streak towards better). */
  recovering: boolean;
  /** First failing sample of the current bad stretch, for MTTD. */
  firstFailureAt: number | undefined;
}

/** Incidents opened and resolved from provider views, persisted, and emitted once per event. */
export interface IncidentBook {
  /** Opens, updates or resolves the provider's incident and its children. */
  reconcile(view: ProviderView, atMs: number): void;
  /** The open provider incident, if any. */
  openIncident(provider: string): Incident | undefined;
  /** The open model incidents of a provider. */
  openChildren(provider: string): Incident[];
  /** Adds a "failover engaged" entry to the provider's open incident. */
  addFailover(provider: string, moves: readonly { from: string; to: string; count: number }[], atMs: number): void;
  /** Records the vendor's view; ties it to the matching incident (detection lead, vendor updates). */
  recordVendorIncident(vendor: VendorIncident, atMs: number): void;
  /** Adds a note by a person; undefined when the incident does not exist. */
  addNote(id: string, text: string, atMs: number): Incident | undefined;
  /** Incidents, newest first. */
  list(query?: IncidentQuery): Incident[];
  /** One incident. */
  get(id: string): Incident | undefined;
  /** Adds a receiver of incident events; returns its removal. */
  subscribe(sink: IncidentEventSink): () => void;
}

/** Human words for a state. */
export const stateLabels: Readonly<Record<HealthState, string>> = {
  operational: 'operational',
  degraded: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

type Severity = Incident['severity'];

function newIncidentId(atMs: number): string {
  return `inc_${atMs.toString(36)}${randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

function withEntry(incident: Incident, entry: TimelineEntry, changes: Partial<Incident> = {}): Incident {
  return { ...incident, ...changes, timeline: [...incident.timeline, entry] };
}

/** Creates the book; open incidents in the store are taken over (a restart continues them, never reopens them). */
export function createIncidentBook(deps: {
  store: IncidentsStore;
  onEvent?: (event: IncidentEvent) => void;
}): IncidentBook {
  const { store } = deps;
  const parents = new Map<string, Incident>();
  const children = new Map<string, Incident>();
  const lastState = new Map<string, HealthState>();
  const sinks = new Set<IncidentEventSink>();
  for (const incident of store.list({ status: 'open' })) {
    if (incident.parentId === undefined) {
      parents.set(incident.provider, incident);
      lastState.set(incident.provider, incident.severity);
    } else if (incident.model !== undefined) {
      children.set(`${incident.provider}\u0000${incident.model}`, incident);
    }
  }

  function emit(kind: IncidentEventKind, incident: Incident, atMs: number): void {
    const id = `${incident.id}:${kind}:${incident.timeline.length}`;
    if (!store.markEmitted(id, atMs)) return;
    const event: IncidentEvent = { id, kind, at: atMs, incident };
    deps.onEvent?.(event);
    for (const sink of sinks) {
      try {
        sink(event);
      } catch {
        // a sink must not throw; one that does never stops the others
      }
    }
  }

  function saveParent(incident: Incident): void {
    parents.set(incident.provider, incident);
    store.save(incident);
  }

  function openChild(parent: Incident, model: string, state: Severity, samples: readonly string[], atMs: number) {
    const child: Incident = {
      id: newIncidentId(atMs),
      provider: parent.provider,
      model,
      parentId: parent.id,
      status: 'open',
      severity: state,
      publicStatus: 'investigating',
      openedAt: atMs,
      timeline: [
        {
          at: atMs,
          kind: 'opened',
          message: `${parent.provider}/${model}: ${stateLabels[state]}`,
          data: { samples: [...samples] },
        },
      ],
    };
    children.set(`${parent.provider}\u0000${model}`, child);
    store.save(child);
  }

  function resolveChild(key: string, child: Incident, atMs: number): void {
    const resolved = withEntry(
      child,
      { at: atMs, kind: 'resolved', message: `${child.provider}/${child.model}: operational again` },
      { status: 'resolved', publicStatus: 'resolved', resolvedAt: atMs },
    );
    children.delete(key);
    store.save(resolved);
  }

  function open(view: ProviderView, state: Severity, atMs: number): void {
    const failing = view.targets.filter((target) => target.state !== undefined && target.state !== 'operational');
    const samples = [...new Set(failing.flatMap((target) => target.samples))].slice(0, 5);
    const models = failing.map((target) => target.model);
    const scope = models.length === 0 ? '' : ` (${models.join(', ')})`;
    const sampleText = samples.length === 0 ? '' : `; sample errors: ${samples.join(', ')}`;
    const incident: Incident = {
      id: newIncidentId(atMs),
      provider: view.provider,
      status: 'open',
      severity: state,
      publicStatus: 'investigating',
      openedAt: atMs,
      timeline: [
        {
          at: atMs,
          kind: 'opened',
          message: `${view.provider}: ${stateLabels[state]}${scope}${sampleText}`,
          data: { samples, models, firstFailureAt: view.firstFailureAt ?? atMs },
        },
      ],
    };
    saveParent(incident);
    for (const target of failing) openChild(incident, target.model, target.state as Severity, target.samples, atMs);
    emit('opened', incident, atMs);
  }

  function updateChildren(parent: Incident, view: ProviderView, atMs: number): void {
    for (const target of view.targets) {
      const key = `${view.provider}\u0000${target.model}`;
      const child = children.get(key);
      if (target.state === undefined) continue;
      if (target.state === 'operational') {
        if (child !== undefined) resolveChild(key, child, atMs);
      } else if (child === undefined) {
        openChild(parent, target.model, target.state, target.samples, atMs);
      } else if (severityRank(target.state) > severityRank(child.severity)) {
        const raised = withEntry(
          child,
          {
            at: atMs,
            kind: 'severity_changed',
            message: `${child.provider}/${child.model}: ${stateLabels[target.state]}`,
          },
          { severity: target.state },
        );
        children.set(key, raised);
        store.save(raised);
      }
    }
  }

  function resolve(parent: Incident, atMs: number): void {
    for (const [key, child] of children) if (child.provider === parent.provider) resolveChild(key, child, atMs);
    const resolved = withEntry(
      parent,
      {
        at: atMs,
        kind: 'resolved',
        message: `${parent.provider}: operational again after ${Math.round((atMs - parent.openedAt) / 1000)} s`,
      },
      { status: 'resolved', publicStatus: 'resolved', resolvedAt: atMs },
    );
    parents.delete(parent.provider);
    store.save(resolved);
    emit('resolved', resolved, atMs);
  }

  return {
    reconcile(view, atMs) {
      const state = view.state;
      let parent = parents.get(view.provider);
      const previous = lastState.get(view.provider);
      if (state !== undefined) lastState.set(view.provider, state);
      if (parent === undefined) {
        if (state !== undefined && state !== 'operational') open(view, state, atMs);
        return;
      }
      updateChildren(parent, view, atMs);
      if (state === 'operational') {
        resolve(parent, atMs);
        return;
      }
      if (state !== undefined && severityRank(state) > severityRank(parent.severity)) {
        parent = withEntry(
          parent,
          {
            at: atMs,
            kind: 'severity_changed',
            message: `${view.provider}: ${stateLabels[state]}`,
            data: { from: parent.severity, to: state },
          },
          { severity: state },
        );
        saveParent(parent);
        emit('severity_changed', parent, atMs);
      }
      const better = state !== undefined && previous !== undefined && severityRank(state) < severityRank(previous);
      if ((better || view.recovering) && parent.publicStatus !== 'monitoring') {
        parent = withEntry(
          parent,
          {
            at: atMs,
            kind: 'recovering',
            message: `${view.provider}: recovering${state === undefined ? '' : ` (${stateLabels[state]})`}`,
          },
          { publicStatus: 'monitoring' },
        );
        saveParent(parent);
      } else if (
        state !== undefined &&
        previous !== undefined &&
        severityRank(state) > severityRank(previous) &&
        parent.publicStatus === 'monitoring'
      ) {
        saveParent({
          ...parent,
          publicStatus: parent.vendorFirstSeenAt === undefined ? 'investigating' : 'identified',
        });
      }
    },
    openIncident: (provider) => parents.get(provider),
    openChildren: (provider) => [...children.values()].filter((child) => child.provider === provider),
    addFailover(provider, moves, atMs) {
      const parent = parents.get(provider);
      if (parent === undefined || moves.length === 0) return;
      const text = moves.map(
        (move) => `${move.count} request${move.count === 1 ? '' : 's'} moved from ${move.from} to ${move.to}`,
      );
      saveParent(
        withEntry(parent, {
          at: atMs,
          kind: 'failover_engaged',
          message: `failover engaged: ${text.join('; ')}`,
          data: { moves: moves.map((move) => ({ ...move })) },
        }),
      );
    },
    recordVendorIncident(vendor, atMs) {
      store.saveVendorIncident(vendor);
      if (vendor.maintenance) return;
      const vendorEnd = vendor.resolvedAt ?? atMs;
      const incident =
        parents.get(vendor.provider) ??
        store
          .list({ provider: vendor.provider, fromMs: vendor.createdAt, toMs: vendorEnd + 1 })
          .find((candidate) => candidate.parentId === undefined);
      if (incident === undefined) return;
      let updated = incident;
      const isOpen = parents.get(vendor.provider)?.id === incident.id;
      if (updated.vendorFirstSeenAt === undefined) {
        const leadS = Math.round((vendor.firstSeenAt - incident.openedAt) / 1000);
        updated = withEntry(
          updated,
          {
            at: vendor.firstSeenAt,
            kind: 'vendor_posted',
            message: `vendor posted "${vendor.name}" (${vendor.status}, impact ${vendor.impact}); detection lead ${leadS} s`,
            data: {
              vendorId: vendor.id,
              status: vendor.status,
              impact: vendor.impact,
              detectionLeadMs: vendor.firstSeenAt - incident.openedAt,
            },
          },
          {
            vendorFirstSeenAt: vendor.firstSeenAt,
            publicStatus: isOpen && updated.publicStatus === 'investigating' ? 'identified' : updated.publicStatus,
          },
        );
      }
      const seen = updated.timeline.filter(
        (entry) => entry.kind === 'vendor_update' && entry.data?.vendorId === vendor.id,
      );
      const lastSeenAt = seen.at(-1)?.data?.updateAt;
      for (const update of vendor.updates) {
        if (typeof lastSeenAt === 'number' && update.at <= lastSeenAt) continue;
        updated = withEntry(updated, {
          at: Math.max(update.at, vendor.firstSeenAt),
          kind: 'vendor_update',
          message: `vendor update (${update.status}): ${update.body}`,
          data: { vendorId: vendor.id, updateAt: update.at, status: update.status },
        });
      }
      if (updated === incident) return;
      if (isOpen) parents.set(vendor.provider, updated);
      store.save(updated);
      if (incident.vendorFirstSeenAt === undefined) emit('vendor_acknowledged', updated, atMs);
    },
    addNote(id, text, atMs) {
      // every change is saved, so the stored incident is the current one
      const incident = store.get(id);
      if (incident === undefined) return undefined;
      const noted = withEntry(incident, { at: atMs, kind: 'note', message: text });
      if (parents.get(incident.provider)?.id === id) parents.set(incident.provider, noted);
      for (const [key, child] of children) if (child.id === id) children.set(key, noted);
      store.save(noted);
      return noted;
    },
    list: (query) => store.list(query),
    get: (id) => store.get(id),
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
  };
}
