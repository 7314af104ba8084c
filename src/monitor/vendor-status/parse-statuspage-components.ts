import { asArray, asRecord, asText } from './read-json-fields.ts';

/** A component of a Statuspage v2 page. */
export interface StatuspageComponent {
  /** Component id (`affected_components[].code` joins to it). */
  id: string;
  /** Name, unique within its group. */
  name: string;
  /** `operational`, `degraded_performance`, `partial_outage`, `major_outage`, `under_maintenance`, or a value Statuspage adds later (kept as is). */
  status: string;
  /** True for a group row. */
  group: boolean;
  /** The group it belongs to. */
  groupId?: string | undefined;
}

/** Reads `components[]` of `components.json` or `summary.json`; rows without id or name are skipped (never throws). */
export function parseStatuspageComponents(document: unknown): StatuspageComponent[] {
  const components: StatuspageComponent[] = [];
  for (const item of asArray(asRecord(document)?.components)) {
    const row = asRecord(item);
    const id = asText(row?.id);
    const name = asText(row?.name);
    if (row === undefined || id === undefined || name === undefined) continue;
    components.push({
      id,
      name,
      status: asText(row.status) ?? 'unknown',
      group: row.group === true,
      groupId: asText(row.group_id),
    });
  }
  return components;
}
