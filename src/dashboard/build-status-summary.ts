import type { HealthState, Incident } from '../core/monitoring.ts';
import { componentId, describePublicIncident, type PublicIncident, stateWords } from './describe-public-incident.ts';

/** Statuspage component states. */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';

/** One component of `/status.json` (Statuspage v2 `components[]`). */
export interface StatusComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Child component ids, on group rows only. */
  components?: string[];
}

/** `/status.json`, shaped like Atlassian Statuspage v2 `summary.json`. */
export interface StatusSummary {
  page: { id: string; name: string; url: string; time_zone: string; updated_at: string };
  status: { indicator: 'none' | 'minor' | 'major' | 'critical'; description: string };
  components: StatusComponent[];
  /** Unresolved incidents only, newest first. */
  incidents: PublicIncident[];
  scheduled_maintenances: never[];
}

/** The part of the health report the public page reads: states only, nothing about keys, URLs or errors. */
export interface PublicHealth {
  providers: readonly { provider: string; state: HealthState | null }[];
  targets: readonly { provider: string; model: string; state: HealthState | null }[];
}

const componentStatus: Readonly<Record<HealthState, ComponentStatus>> = {
  operational: 'operational',
  degraded: 'degraded_performance',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
};

const indicators = [
  { indicator: 'none', description: 'All Systems Operational' },
  { indicator: 'minor', description: 'Minor Service Outage' },
  { indicator: 'major', description: 'Partial System Outage' },
  { indicator: 'critical', description: 'Major System Outage' },
] as const;
const rank: Readonly<Record<HealthState, number>> = {
  operational: 0,
  degraded: 1,
  partial_outage: 2,
  major_outage: 3,
};

/** Page id of the public status page. */
export const statusPageId = 'outlast';

/**
 * Builds the public summary: one component group per provider with a component per model it serves, the overall
 * indicator (the worst provider), and the unresolved provider incidents with their public updates.
 */
export function buildStatusSummary(options: {
  health: PublicHealth;
  incidents: readonly Incident[];
  nowMs: number;
  baseUrl: string;
  name?: string;
}): StatusSummary {
  const { health, nowMs } = options;
  const nowIso = new Date(nowMs).toISOString();
  const components: StatusComponent[] = [];
  let worst = 0;
  const row = (fields: Pick<StatusComponent, 'id' | 'name' | 'group' | 'group_id'>, state: HealthState | null) => ({
    ...fields,
    status: componentStatus[state ?? 'operational'],
    created_at: nowIso,
    updated_at: nowIso,
    position: components.length + 1,
    description: state === null ? 'No recent traffic or probe to judge by.' : stateWords[state],
    showcase: true,
    start_date: null,
    page_id: statusPageId,
    only_show_if_degraded: false,
  });
  for (const provider of health.providers) {
    worst = Math.max(worst, rank[provider.state ?? 'operational']);
    const targets = health.targets.filter((target) => target.provider === provider.provider);
    const groupId = componentId(provider.provider);
    components.push({
      ...row({ id: groupId, name: provider.provider, group: true, group_id: null }, provider.state),
      components: targets.map((target) => componentId(target.provider, target.model)),
    });
    for (const target of targets) {
      components.push(
        row(
          { id: componentId(target.provider, target.model), name: target.model, group: false, group_id: groupId },
          target.state,
        ),
      );
    }
  }
  const describeOptions = { pageId: statusPageId, baseUrl: options.baseUrl };
  const incidents = options.incidents
    .filter((incident) => incident.parentId === undefined && incident.status === 'open')
    .sort((a, b) => b.openedAt - a.openedAt)
    .map((incident) =>
      describePublicIncident(
        incident,
        options.incidents.filter((child) => child.parentId === incident.id),
        describeOptions,
      ),
    );
  // An incident still being watched after recovery (monitoring) no longer weighs on the indicator.
  for (const incident of incidents.filter((entry) => entry.status !== 'monitoring')) {
    worst = Math.max(worst, { minor: 1, major: 2, critical: 3 }[incident.impact]);
  }
  return {
    page: {
      id: statusPageId,
      name: options.name ?? 'Outlast status',
      url: `${options.baseUrl}/status`,
      time_zone: 'Etc/UTC',
      updated_at: nowIso,
    },
    status: { ...indicators[worst]! },
    components,
    incidents,
    scheduled_maintenances: [],
  };
}
