import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type StatusPageCatalogue, statusPageCatalogues } from './status-page-catalogue.ts';
import { zodProblems } from './zod-problems.ts';

const componentStates = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
const incidentStates = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
const maintenanceStates = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

type ComponentState = (typeof componentStates)[number];
type Vendor = keyof typeof statusPageCatalogues;

const incidentInput = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  status: z.enum(incidentStates).default('investigating'),
  impact: z.enum(['none', 'minor', 'major', 'critical']).optional(),
  body: z.string().default(''),
  components: z.array(z.string().min(1)).optional(),
  component_status: z.enum(componentStates).optional(),
});

const maintenanceInput = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  status: z.enum(maintenanceStates).default('scheduled'),
  body: z.string().default(''),
  scheduled_for: z.iso.datetime({ offset: true }).optional(),
  scheduled_until: z.iso.datetime({ offset: true }).optional(),
  components: z.array(z.string().min(1)).optional(),
});

/** The body of `POST /sim/status/{vendor}`. */
export const statusPageUpdateSchema = z.strictObject({
  components: z.record(z.string().min(1), z.enum(componentStates)).optional(),
  incident: incidentInput.optional(),
  maintenance: maintenanceInput.optional(),
});

interface ComponentRow {
  id: string;
  name: string;
  status: ComponentState;
  group: boolean;
  groupId: string | null;
  position: number;
  updatedAt: number;
  children: string[];
}

interface UpdateRow {
  id: string;
  status: string;
  body: string;
  at: number;
  affected: { code: string; name: string; old_status: string; new_status: string }[];
}

interface IncidentRow {
  id: string;
  name: string;
  status: string;
  impact: string;
  createdAt: number;
  updatedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  componentIds: string[];
  updates: UpdateRow[];
  maintenance: boolean;
  scheduledFor: number | null;
  scheduledUntil: number | null;
}

interface PageState {
  catalogue: StatusPageCatalogue;
  components: ComponentRow[];
  incidents: IncidentRow[];
  sequence: number;
}

const impactRank = ['none', 'minor', 'major', 'critical'];
const indicatorDescriptions: Readonly<Record<string, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
};
const impactOfState: Readonly<Record<ComponentState, string>> = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  under_maintenance: 'maintenance',
};

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

function freshPage(catalogue: StatusPageCatalogue, at: number): PageState {
  const components: ComponentRow[] = catalogue.components.map((component, index) => ({
    id: component.id,
    name: component.name,
    status: 'operational',
    group: component.isGroup === true,
    groupId: null,
    position: index + 1,
    updatedAt: at,
    children: [],
  }));
  for (const [index, component] of catalogue.components.entries()) {
    if (component.group === undefined) continue;
    const group = components.find((row) => row.group && row.name === component.group);
    if (group === undefined) continue;
    components[index]!.groupId = group.id;
    group.children.push(component.id);
  }
  return { catalogue, components, incidents: [], sequence: 0 };
}

/** Problems found while applying an update (unknown component, unknown incident id...). */
class StatusPageProblem extends Error {}

/** The simulated Statuspage v2 pages of the vendors, drivable over HTTP (docs/simulator.md). */
export interface SimStatusPages {
  /** Serves `GET /sim/status/{vendor}/api/v2/*.json`, `POST` and `DELETE /sim/status/{vendor}`. */
  serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    'access-control-allow-origin': '*',
  });
  response.end(bytes);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 256 * 1024) throw new StatusPageProblem('The body is larger than 256 KiB.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new StatusPageProblem('The body must be JSON.');
  }
}

/** Creates the simulated status pages, every component operational and no incident. */
export function createSimStatusPages(options: { now?: () => number } = {}): SimStatusPages {
  const now = options.now ?? Date.now;
  const pages = new Map<Vendor, PageState>();
  const pageOf = (vendor: Vendor): PageState => {
    let page = pages.get(vendor);
    if (page === undefined) {
      page = freshPage(statusPageCatalogues[vendor], now());
      pages.set(vendor, page);
    }
    return page;
  };

  function findComponent(page: PageState, key: string): ComponentRow {
    const found = page.components.find((component) => component.id === key || component.name === key);
    if (found === undefined) {
      const names = page.components.filter((component) => !component.group).map((component) => component.name);
      throw new StatusPageProblem(`Unknown component '${key}' (known: ${names.join(', ')}).`);
    }
    return found;
  }

  function setComponent(component: ComponentRow, status: ComponentState, at: number) {
    const old = component.status;
    component.status = status;
    component.updatedAt = at;
    return { code: component.id, name: component.name, old_status: old, new_status: status };
  }

  function nextId(page: PageState, prefix: string): string {
    page.sequence += 1;
    return `${prefix}${page.catalogue.id.slice(0, 4).toLowerCase()}${String(page.sequence).padStart(6, '0')}`;
  }

  function applyIncident(page: PageState, input: z.output<typeof incidentInput>, at: number): IncidentRow {
    const named = (input.components ?? []).map((key) => findComponent(page, key));
    let incident =
      input.id === undefined ? undefined : page.incidents.find((row) => row.id === input.id && !row.maintenance);
    if (incident === undefined) {
      if (input.name === undefined) throw new StatusPageProblem('incident.name is required for a new incident.');
      incident = {
        id: input.id ?? nextId(page, 'inc'),
        name: input.name,
        status: input.status,
        impact: input.impact ?? 'minor',
        createdAt: at,
        updatedAt: at,
        monitoringAt: null,
        resolvedAt: null,
        componentIds: [],
        updates: [],
        maintenance: false,
        scheduledFor: null,
        scheduledUntil: null,
      };
      page.incidents.unshift(incident);
    }
    if (input.name !== undefined) incident.name = input.name;
    if (input.impact !== undefined) incident.impact = input.impact;
    for (const component of named) {
      if (!incident.componentIds.includes(component.id)) incident.componentIds.push(component.id);
    }
    const resolved = input.status === 'resolved' || input.status === 'postmortem';
    const target: ComponentState = resolved ? 'operational' : (input.component_status ?? 'partial_outage');
    const affected = incident.componentIds.map((id) => setComponent(findComponent(page, id), target, at));
    incident.status = input.status;
    incident.updatedAt = at;
    if (input.status === 'monitoring' && incident.monitoringAt === null) incident.monitoringAt = at;
    if (resolved && incident.resolvedAt === null) incident.resolvedAt = at;
    incident.updates.unshift({ id: nextId(page, 'upd'), status: input.status, body: input.body, at, affected });
    return incident;
  }

  function applyMaintenance(page: PageState, input: z.output<typeof maintenanceInput>, at: number): IncidentRow {
    const named = (input.components ?? []).map((key) => findComponent(page, key));
    let maintenance =
      input.id === undefined ? undefined : page.incidents.find((row) => row.id === input.id && row.maintenance);
    if (maintenance === undefined) {
      if (input.name === undefined || input.scheduled_for === undefined || input.scheduled_until === undefined) {
        throw new StatusPageProblem('maintenance.name, scheduled_for and scheduled_until are required for a new one.');
      }
      maintenance = {
        id: input.id ?? nextId(page, 'mnt'),
        name: input.name,
        status: input.status,
        impact: 'maintenance',
        createdAt: at,
        updatedAt: at,
        monitoringAt: null,
        resolvedAt: null,
        componentIds: [],
        updates: [],
        maintenance: true,
        scheduledFor: Date.parse(input.scheduled_for),
        scheduledUntil: Date.parse(input.scheduled_until),
      };
      page.incidents.unshift(maintenance);
    }
    if (input.name !== undefined) maintenance.name = input.name;
    if (input.scheduled_for !== undefined) maintenance.scheduledFor = Date.parse(input.scheduled_for);
    if (input.scheduled_until !== undefined) maintenance.scheduledUntil = Date.parse(input.scheduled_until);
    for (const component of named) {
      if (!maintenance.componentIds.includes(component.id)) maintenance.componentIds.push(component.id);
    }
    const target: ComponentState | undefined =
      input.status === 'in_progress' || input.status === 'verifying'
        ? 'under_maintenance'
        : input.status === 'completed'
          ? 'operational'
          : undefined;
    const affected =
      target === undefined
        ? []
        : maintenance.componentIds.map((id) => setComponent(findComponent(page, id), target, at));
    maintenance.status = input.status;
    maintenance.updatedAt = at;
    if (input.status === 'completed' && maintenance.resolvedAt === null) maintenance.resolvedAt = at;
    maintenance.updates.unshift({ id: nextId(page, 'upd'), status: input.status, body: input.body, at, affected });
    return maintenance;
  }

  function pageJson(page: PageState) {
    const updatedAt = Math.max(
      ...page.components.map((component) => component.updatedAt),
      ...page.incidents.map((incident) => incident.updatedAt),
    );
    return {
      id: page.catalogue.id,
      name: page.catalogue.name,
      url: page.catalogue.url,
      time_zone: page.catalogue.timeZone,
      updated_at: iso(updatedAt),
    };
  }

  function componentJson(page: PageState, component: ComponentRow) {
    return {
      id: component.id,
      name: component.name,
      status: component.status,
      created_at: '2023-01-01T00:00:00.000Z',
      updated_at: iso(component.updatedAt),
      position: component.position,
      description: null,
      showcase: false,
      start_date: null,
      group_id: component.groupId,
      page_id: page.catalogue.id,
      group: component.group,
      only_show_if_degraded: false,
      ...(component.group ? { components: component.children } : {}),
    };
  }

  function incidentJson(page: PageState, incident: IncidentRow) {
    return {
      id: incident.id,
      name: incident.name,
      status: incident.status,
      created_at: iso(incident.createdAt),
      updated_at: iso(incident.updatedAt),
      monitoring_at: iso(incident.monitoringAt),
      resolved_at: iso(incident.resolvedAt),
      impact: incident.impact,
      shortlink: `https://stspg.io/${incident.id.slice(-6)}`,
      started_at: iso(incident.createdAt),
      page_id: page.catalogue.id,
      incident_updates: incident.updates.map((update) => ({
        id: update.id,
        status: update.status,
        body: update.body,
        incident_id: incident.id,
        created_at: iso(update.at),
        updated_at: iso(update.at),
        display_at: iso(update.at),
        affected_components: update.affected,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      })),
      components: incident.componentIds.map((id) => componentJson(page, findComponent(page, id))),
      reminder_intervals: null,
      ...(incident.maintenance
        ? { scheduled_for: iso(incident.scheduledFor), scheduled_until: iso(incident.scheduledUntil) }
        : {}),
    };
  }

  function statusJson(page: PageState) {
    let worst = 'none';
    for (const incident of page.incidents) {
      if (incident.maintenance || incident.resolvedAt !== null) continue;
      if (impactRank.indexOf(incident.impact) > impactRank.indexOf(worst)) worst = incident.impact;
    }
    for (const component of page.components) {
      const impact = impactOfState[component.status];
      if (impactRank.indexOf(impact) > impactRank.indexOf(worst)) worst = impact;
    }
    return { indicator: worst, description: indicatorDescriptions[worst] ?? 'Unknown' };
  }

  function document(page: PageState, file: string): unknown {
    const incidents = page.incidents.filter((incident) => !incident.maintenance);
    const maintenances = page.incidents.filter((incident) => incident.maintenance);
    const unresolved = incidents.filter((incident) => incident.resolvedAt === null);
    const upcoming = maintenances.filter((maintenance) => maintenance.status === 'scheduled');
    const active = maintenances.filter(
      (maintenance) => maintenance.status === 'in_progress' || maintenance.status === 'verifying',
    );
    const toJson = (rows: IncidentRow[]) => rows.slice(0, 50).map((row) => incidentJson(page, row));
    const base = { page: pageJson(page) };
    switch (file) {
      case 'status.json':
        return { ...base, status: statusJson(page) };
      case 'components.json':
        return { ...base, components: page.components.map((component) => componentJson(page, component)) };
      case 'summary.json':
        return {
          ...base,
          components: page.components.map((component) => componentJson(page, component)),
          incidents: toJson(unresolved),
          scheduled_maintenances: toJson([...upcoming, ...active]),
          status: statusJson(page),
        };
      case 'incidents.json':
        return { ...base, incidents: toJson(incidents) };
      case 'incidents/unresolved.json':
        return { ...base, incidents: toJson(unresolved) };
      case 'scheduled-maintenances.json':
        return { ...base, scheduled_maintenances: toJson(maintenances) };
      case 'scheduled-maintenances/upcoming.json':
        return { ...base, scheduled_maintenances: toJson(upcoming) };
      case 'scheduled-maintenances/active.json':
        return { ...base, scheduled_maintenances: toJson(active) };
      default:
        return undefined;
    }
  }

  return {
    async serve(request, response, path) {
      const parts = path.slice('/sim/status/'.length).split('/');
      const vendor = parts[0] ?? '';
      if (!(vendor in statusPageCatalogues)) {
        sendJson(response, 404, { error: { message: `Unknown status page '${vendor}': use anthropic or openai.` } });
        return;
      }
      const page = pageOf(vendor as Vendor);
      if (parts.length === 1) {
        if (request.method === 'DELETE') {
          pages.set(vendor as Vendor, freshPage(statusPageCatalogues[vendor as Vendor], now()));
          sendJson(response, 200, document(pageOf(vendor as Vendor), 'summary.json'));
          return;
        }
        if (request.method !== 'POST') {
          sendJson(response, 405, { error: { message: `Use POST or DELETE on /sim/status/${vendor}.` } });
          return;
        }
        try {
          const parsed = statusPageUpdateSchema.safeParse(await readJson(request));
          if (!parsed.success) {
            sendJson(response, 400, {
              error: { message: 'Invalid status page update.', problems: zodProblems(parsed.error) },
            });
            return;
          }
          const at = now();
          const answer: Record<string, unknown> = {};
          const states = Object.entries(parsed.data.components ?? {}).map(
            ([key, status]) => [findComponent(page, key), status] as const,
          );
          for (const [component, status] of states) setComponent(component, status, at);
          if (parsed.data.incident !== undefined) {
            answer.incident = incidentJson(page, applyIncident(page, parsed.data.incident, at));
          }
          if (parsed.data.maintenance !== undefined) {
            answer.scheduled_maintenance = incidentJson(page, applyMaintenance(page, parsed.data.maintenance, at));
          }
          answer.status = statusJson(page);
          sendJson(response, 200, answer);
        } catch (error) {
          if (!(error instanceof StatusPageProblem)) throw error;
          sendJson(response, 400, { error: { message: error.message } });
        }
        return;
      }
      const file = parts.slice(1).join('/');
      const body = file.startsWith('api/v2/') && request.method === 'GET' ? document(page, file.slice(7)) : undefined;
      if (body === undefined) {
        sendJson(response, 404, { error: { message: `No such status page document: ${path}.` } });
        return;
      }
      sendJson(response, 200, body);
    },
  };
}
