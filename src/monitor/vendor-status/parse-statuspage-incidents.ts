import { parseStatuspagePage, type StatuspagePage } from './parse-statuspage-page.ts';
import { asArray, asRecord, asText, asTime } from './read-json-fields.ts';

/** A component an incident or one of its updates names. */
export interface AffectedComponent {
  /** Component id (`code` in `affected_components`). */
  id: string;
  /** Component name. */
  name: string;
}

/** One update of an incident. */
export interface StatuspageUpdate {
  /** `display_at` (else `created_at`). */
  at: number;
  /** Incident status after the update. */
  status: string;
  /** The vendor's text. */
  body: string;
  /** Components whose state the update changed. */
  affected: AffectedComponent[];
}

/** An incident or a scheduled maintenance of a Statuspage v2 page. */
export interface StatuspageIncident {
  /** Incident id. */
  id: string;
  /** Title. */
  name: string;
  /** `investigating`…`postmortem`, or `scheduled`…`completed` for a maintenance. */
  status: string;
  /** `none`, `minor`, `major`, `critical`, `maintenance`. */
  impact: string;
  /** `created_at`. */
  createdAt: number;
  /** `updated_at` (else created). */
  updatedAt: number;
  /** `started_at`: may be set earlier than created_at by the vendor. */
  startedAt?: number | undefined;
  /** `resolved_at`. */
  resolvedAt?: number | undefined;
  /** `shortlink`. */
  shortlink?: string | undefined;
  /** True when read from `scheduled_maintenances`. */
  maintenance: boolean;
  /** `scheduled_for`. */
  scheduledFor?: number | undefined;
  /** `scheduled_until`. */
  scheduledUntil?: number | undefined;
  /** Every component named by the incident or any update, without repeats; empty when it is tied to none. */
  components: AffectedComponent[];
  /** Updates, oldest first (the feed lists them newest first). */
  updates: StatuspageUpdate[];
}

/** What a document gave. */
export type ParsedIncidents =
  | { ok: true; page: StatuspagePage | undefined; incidents: StatuspageIncident[] }
  | { ok: false; error: string };

function addComponent(components: AffectedComponent[], id: string | undefined, name: string | undefined): void {
  if (id === undefined && name === undefined) return;
  if (
    components.some(
      (component) => (id !== undefined && component.id === id) || (id === undefined && component.name === name),
    )
  )
    return;
  components.push({ id: id ?? name ?? '', name: name ?? id ?? '' });
}

/**
 * Reads `incidents[]` (incidents.json, summary.json, incidents/unresolved.json) or, with `maintenance`,
 * `scheduled_maintenances[]`. Unknown status or impact values are kept as they are; items without id, name or
 * created_at are skipped. A document without the array is an error (a page that moved platform reads as nothing,
 * which must not pass for "all clear").
 * @see https://metastatuspage.com/api
 */
export function parseStatuspageIncidents(document: unknown, options: { maintenance: boolean }): ParsedIncidents {
  const key = options.maintenance ? 'scheduled_maintenances' : 'incidents';
  const root = asRecord(document);
  if (root === undefined || !Array.isArray(root[key])) {
    return { ok: false, error: `not a Statuspage v2 document: no ${key} array` };
  }
  const incidents: StatuspageIncident[] = [];
  for (const item of root[key] as unknown[]) {
    const row = asRecord(item);
    const id = asText(row?.id);
    const name = asText(row?.name);
    const createdAt = asTime(row?.created_at);
    if (row === undefined || id === undefined || name === undefined || createdAt === undefined) continue;
    const components: AffectedComponent[] = [];
    for (const component of asArray(row.components)) {
      const fields = asRecord(component);
      addComponent(components, asText(fields?.id), asText(fields?.name));
    }
    const updates: StatuspageUpdate[] = [];
    for (const entry of asArray(row.incident_updates)) {
      const update = asRecord(entry);
      const at = asTime(update?.display_at) ?? asTime(update?.created_at);
      if (update === undefined || at === undefined) continue;
      const affected: AffectedComponent[] = [];
      for (const component of asArray(update.affected_components)) {
        const fields = asRecord(component);
        addComponent(affected, asText(fields?.code), asText(fields?.name));
        addComponent(components, asText(fields?.code), asText(fields?.name));
      }
      updates.push({
        at,
        status: asText(update.status) ?? 'unknown',
        body: typeof update.body === 'string' ? update.body : '',
        affected,
      });
    }
    updates.sort((left, right) => left.at - right.at);
    incidents.push({
      id,
      name,
      status: asText(row.status) ?? 'unknown',
      impact: asText(row.impact) ?? (options.maintenance ? 'maintenance' : 'none'),
      createdAt,
      updatedAt: asTime(row.updated_at) ?? createdAt,
      startedAt: asTime(row.started_at),
      resolvedAt: asTime(row.resolved_at),
      shortlink: asText(row.shortlink),
      maintenance: options.maintenance,
      scheduledFor: asTime(row.scheduled_for),
      scheduledUntil: asTime(row.scheduled_until),
      components,
      updates,
    });
  }
  return { ok: true, page: parseStatuspagePage(document), incidents };
}
