import type { Incident, VendorIncident } from '../../core/monitoring.ts';

/** A query of incidents. */
export interface IncidentQuery {
  /** Only open or only resolved ones. */
  status?: 'open' | 'resolved' | undefined;
  /** Only this provider. */
  provider?: string | undefined;
  /** Only incidents still open at or opened after this time. */
  fromMs?: number | undefined;
  /** Only incidents opened before this time. */
  toMs?: number | undefined;
}

/** Incidents, the events already emitted for them, and the vendors' incidents. */
export interface IncidentsStore {
  /** Creates or replaces an incident (whole, timeline included). */
  save(incident: Incident): void;
  /** One incident by id. */
  get(id: string): Incident | undefined;
  /** Incidents matching the query, newest first. */
  list(query?: IncidentQuery): Incident[];
  /** Records that an incident event was emitted; false when it already was (so it is never emitted twice). */
  markEmitted(eventId: string, atMs: number): boolean;
  /** Creates or replaces a vendor incident (keyed by provider and vendor id). */
  saveVendorIncident(incident: VendorIncident): void;
  /** Vendor incidents, newest first. */
  listVendorIncidents(provider?: string): VendorIncident[];
  /** Releases the store. */
  close(): void;
}

/** True when an incident matches a query. */
export function matchesIncidentQuery(incident: Incident, query: IncidentQuery): boolean {
  if (query.status !== undefined && incident.status !== query.status) return false;
  if (query.provider !== undefined && incident.provider !== query.provider) return false;
  if (query.fromMs !== undefined && (incident.resolvedAt ?? Number.POSITIVE_INFINITY) < query.fromMs) return false;
  if (query.toMs !== undefined && incident.openedAt >= query.toMs) return false;
  return true;
}
