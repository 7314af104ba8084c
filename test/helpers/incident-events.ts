import type { Incident, IncidentEvent, IncidentEventKind } from '../../src/core/monitoring.ts';

/** An incident as the monitor would produce it, with overrides. */
export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc_01JTEST',
    provider: 'anthropic',
    status: 'open',
    severity: 'major_outage',
    publicStatus: 'investigating',
    openedAt: Date.UTC(2026, 2, 2, 11, 49),
    timeline: [
      {
        at: Date.UTC(2026, 2, 2, 11, 49),
        kind: 'opened',
        message: '100% of 42 requests failed with 503 in the last minute',
      },
    ],
    ...overrides,
  };
}

/** An incident event for `incident`, with the id the monitor gives it (`${incident.id}:${kind}:${sequence}`). */
export function sampleEvent(
  kind: IncidentEventKind,
  options: { sequence?: number; at?: number; incident?: Partial<Incident> } = {},
): IncidentEvent {
  const incident = sampleIncident(options.incident);
  const at = options.at ?? incident.openedAt;
  const resolved =
    kind === 'resolved'
      ? {
          status: 'resolved' as const,
          publicStatus: 'resolved' as const,
          resolvedAt: at,
          timeline: [...incident.timeline, { at, kind: 'resolved' as const, message: 'recovered' }],
        }
      : {};
  return {
    id: `${incident.id}:${kind}:${options.sequence ?? 1}`,
    kind,
    at,
    incident: { ...incident, ...resolved },
  };
}
