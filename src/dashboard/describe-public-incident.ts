import type { HealthState, Incident, PublicIncidentStatus } from '../core/monitoring.ts';

/** One update of a public incident (Statuspage's `incident_updates[]`, the fields Outlast can fill). */
export interface PublicIncidentUpdate {
  id: string;
  status: PublicIncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
}

/** An incident as the public sees it (Statuspage v2 `incidents[]` shape). */
export interface PublicIncident {
  id: string;
  name: string;
  status: PublicIncidentStatus;
  impact: 'minor' | 'major' | 'critical';
  created_at: string;
  updated_at: string;
  started_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: string;
  page_id: string;
  /** Newest first, as Statuspage orders them. */
  incident_updates: PublicIncidentUpdate[];
  /** Ids of the affected components (see buildStatusSummary). */
  component_ids: string[];
}

const impacts = { degraded: 'minor', partial_outage: 'major', major_outage: 'critical' } as const;

/** Statuspage's words for a health state. */
export const stateWords: Readonly<Record<HealthState, string>> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** Component id of a provider, or of one of its models. */
export function componentId(provider: string, model?: string): string {
  return model === undefined ? `provider:${provider}` : `model:${provider}/${model}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The public view of a provider incident and its model children. Updates are written from the timeline's kinds, never
 * from its messages, so that sample errors, notes by operators and internal names stay private.
 */
export function describePublicIncident(
  incident: Incident,
  children: readonly Incident[],
  options: { pageId: string; baseUrl: string },
): PublicIncident {
  const scope =
    children.length === 0
      ? incident.provider
      : `${incident.provider} (${children.length} model${children.length === 1 ? '' : 's'})`;
  const updates: PublicIncidentUpdate[] = [];
  let status: PublicIncidentStatus = 'investigating';
  let monitoringAt: number | undefined;
  for (const entry of incident.timeline) {
    let body: string | undefined;
    if (entry.kind === 'opened')
      body = `We are investigating ${stateWords[incident.severity].toLowerCase()} on ${scope}.`;
    else if (entry.kind === 'severity_changed')
      body = `The impact on ${scope} has changed; we are still investigating.`;
    else if (entry.kind === 'failover_engaged') body = 'Requests are being served by a fallback provider meanwhile.';
    else if (entry.kind === 'vendor_posted') {
      status = status === 'investigating' ? 'identified' : status;
      body = `${incident.provider} has acknowledged the issue on its own status page.`;
    } else if (entry.kind === 'recovering') {
      status = 'monitoring';
      monitoringAt ??= entry.at;
      body = 'Errors have stopped; we are monitoring the recovery.';
    } else if (entry.kind === 'resolved') {
      status = 'resolved';
      body = 'This incident has been resolved.';
    }
    if (body === undefined) continue;
    updates.push({
      id: `${incident.id}-${updates.length}`,
      status,
      body,
      incident_id: incident.id,
      created_at: iso(entry.at),
      updated_at: iso(entry.at),
      display_at: iso(entry.at),
    });
  }
  const lastAt = incident.timeline.at(-1)?.at ?? incident.openedAt;
  return {
    id: incident.id,
    name: `${stateWords[incident.severity]} on ${incident.provider}`,
    status: incident.publicStatus,
    impact: impacts[incident.severity],
    created_at: iso(incident.openedAt),
    updated_at: iso(lastAt),
    started_at: iso(incident.openedAt),
    monitoring_at: monitoringAt === undefined ? null : iso(monitoringAt),
    resolved_at: incident.resolvedAt === undefined ? null : iso(incident.resolvedAt),
    shortlink: `${options.baseUrl}/status#${incident.id}`,
    page_id: options.pageId,
    incident_updates: updates.reverse(),
    component_ids: [
      componentId(incident.provider),
      ...children.filter((child) => child.model !== undefined).map((child) => componentId(child.provider, child.model)),
    ],
  };
}
