import type { Incident } from '../../core/monitoring.ts';
import { describeIncidentEvent } from '../describe-incident-event.ts';

/** Options of the feed renderers. */
export interface IncidentFeedOptions {
  /** Public base URL of the gateway, e.g. `https://llm.example.com` (links point under it). */
  baseUrl: string;
  /** Feed title. */
  title: string;
  /** Most entries, newest first (50 by default, like Statuspage's incidents.json). */
  limit?: number;
}

/** One feed entry: an incident with its latest update. */
export interface FeedEntry {
  /** Stable id of the incident. */
  id: string;
  /** Title, e.g. "Resolved: anthropic". */
  title: string;
  /** The latest timeline message and the incident's times. */
  summary: string;
  /** Time of the latest update. */
  updatedAt: number;
  /** When the incident opened. */
  publishedAt: number;
  /** Link to the incident. */
  link: string;
}

/** Turns incidents into feed entries, most recently updated first (pure). */
export function toFeedEntries(incidents: readonly Incident[], options: IncidentFeedOptions): FeedEntry[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  return incidents
    .map((incident) => {
      const updatedAt = Math.max(incident.openedAt, incident.resolvedAt ?? 0, incident.timeline.at(-1)?.at ?? 0);
      const kind = incident.status === 'resolved' ? 'resolved' : 'opened';
      const text = describeIncidentEvent({ id: incident.id, kind, at: updatedAt, incident });
      return {
        id: incident.id,
        title: kind === 'resolved' ? text.title : `${text.subject}: ${text.severity} (${incident.publicStatus})`,
        summary: text.body,
        updatedAt,
        publishedAt: incident.openedAt,
        link: `${base}/status#${encodeURIComponent(incident.id)}`,
      };
    })
    .sort((left, right) => right.updatedAt - left.updatedAt || left.id.localeCompare(right.id))
    .slice(0, options.limit ?? 50);
}
