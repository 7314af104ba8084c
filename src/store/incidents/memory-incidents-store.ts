import type { Incident, VendorIncident } from '../../core/monitoring.ts';
import { type IncidentsStore, matchesIncidentQuery } from './incidents-store.ts';

const newestFirst = (left: Incident, right: Incident) =>
  right.openedAt - left.openedAt || right.id.localeCompare(left.id);

/** Incidents kept in memory (tests, and gateways without a data directory). */
export function createMemoryIncidentsStore(): IncidentsStore {
  const incidents = new Map<string, Incident>();
  const emitted = new Set<string>();
  const vendor = new Map<string, VendorIncident>();
  return {
    save(incident) {
      incidents.set(incident.id, structuredClone(incident));
    },
    get(id) {
      const incident = incidents.get(id);
      return incident === undefined ? undefined : structuredClone(incident);
    },
    list(query = {}) {
      return [...incidents.values()]
        .filter((incident) => matchesIncidentQuery(incident, query))
        .sort(newestFirst)
        .map((incident) => structuredClone(incident));
    },
    markEmitted(eventId) {
      if (emitted.has(eventId)) return false;
      emitted.add(eventId);
      return true;
    },
    saveVendorIncident(incident) {
      vendor.set(`${incident.provider}\u0000${incident.id}`, structuredClone(incident));
    },
    listVendorIncidents(provider) {
      return [...vendor.values()]
        .filter((incident) => provider === undefined || incident.provider === provider)
        .sort((left, right) => right.createdAt - left.createdAt)
        .map((incident) => structuredClone(incident));
    },
    close() {},
  };
}
