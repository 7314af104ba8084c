import { asRecord, asText, asTime } from './read-json-fields.ts';

/** The `page` object every Statuspage v2 document carries. */
export interface StatuspagePage {
  /** Page id. */
  id: string;
  /** Page name, e.g. "Claude". */
  name: string;
  /** Public URL. */
  url?: string | undefined;
  /** `page.time_zone` (IANA), the zone the vendor's page displays times in. */
  timeZone?: string | undefined;
  /** `page.updated_at`. */
  updatedAt?: number | undefined;
}

/**
 * Reads `page` of a Statuspage v2 document; undefined when absent. The key is `time_zone` (not `timezone`).
 * @see https://metastatuspage.com/api
 */
export function parseStatuspagePage(document: unknown): StatuspagePage | undefined {
  const page = asRecord(asRecord(document)?.page);
  const id = asText(page?.id);
  if (page === undefined || id === undefined) return undefined;
  return {
    id,
    name: asText(page.name) ?? id,
    url: asText(page.url),
    timeZone: asText(page.time_zone),
    updatedAt: asTime(page.updated_at),
  };
}
