/**
 * The monitoring contract, version `outlast-monitoring-v1`: health states, incidents and their events, and the vendor's
 * own view. The monitor (src/monitor) produces them; alerts, the admin API, the dashboard and drills consume them.
 * Times are epoch milliseconds.
 */

/** A health verdict for a target, a model or a provider (Statuspage component states, minus maintenance). */
export type HealthState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';

/** Every health state, best first. */
export const healthStates: readonly HealthState[] = ['operational', 'degraded', 'partial_outage', 'major_outage'];

/** What Outlast tells the public about an incident, in Statuspage's words. */
export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/** Kinds of timeline entries (SPEC "Monitoring, incidents and alerts"). */
export type TimelineEntryKind =
  | 'opened'
  | 'severity_changed'
  | 'failover_engaged'
  | 'vendor_posted'
  | 'vendor_update'
  | 'recovering'
  | 'resolved'
  | 'note';

/** One line of an incident's timeline. */
export interface TimelineEntry {
  /** When it happened. */
  at: number;
  /** What kind of entry it is. */
  kind: TimelineEntryKind;
  /** Human-readable text, e.g. "failover engaged: 31 requests moved to openai/gpt-5". */
  message: string;
  /** Structured details (sample errors, counts, vendor ids); never secrets. */
  data?: Readonly<Record<string, unknown>> | undefined;
}

/** An outage or degradation seen by Outlast: one per provider, with children per model. */
export interface Incident {
  /** Stable id, e.g. `inc_01J...`; also the PagerDuty `dedup_key`. */
  id: string;
  /** Provider id from the config. */
  provider: string;
  /** Upstream model, for a child incident; absent on the provider's incident. */
  model?: string | undefined;
  /** The provider incident this model incident belongs to. */
  parentId?: string | undefined;
  /** Open until recovery is confirmed. */
  status: 'open' | 'resolved';
  /** The worst state seen while open (never `operational`). */
  severity: Exclude<HealthState, 'operational'>;
  /** The public status in Statuspage's states. */
  publicStatus: PublicIncidentStatus;
  /** When Outlast opened it. */
  openedAt: number;
  /** When it was resolved. */
  resolvedAt?: number | undefined;
  /** When the vendor's status page first showed a matching incident, if it ever did. */
  vendorFirstSeenAt?: number | undefined;
  /** Entries in time order. */
  timeline: readonly TimelineEntry[];
}

/** The incident events that notify people: one notification each, never one per failed request. */
export type IncidentEventKind = 'opened' | 'severity_changed' | 'vendor_acknowledged' | 'resolved';

/** One incident event, as alerts and live views receive it. */
export interface IncidentEvent {
  /** Unique per incident and event: `${incident.id}:${kind}:${sequence}`; alerts deduplicate on it. */
  id: string;
  /** What happened. */
  kind: IncidentEventKind;
  /** When it happened. */
  at: number;
  /** The incident after the event. */
  incident: Incident;
}

/** Receives incident events (alert manager, SSE stream). Must not throw. */
export type IncidentEventSink = (event: IncidentEvent) => void;

/** A vendor's incident as read from its Statuspage v2 feed. */
export interface VendorIncident {
  /** The vendor's incident id. */
  id: string;
  /** The provider id of the config whose status page it came from. */
  provider: string;
  /** Title. */
  name: string;
  /** `investigating`, `identified`, `monitoring`, `resolved`, `postmortem`, or a maintenance state. */
  status: string;
  /** `none`, `minor`, `major`, `critical`, `maintenance`. */
  impact: string;
  /** Upstream models (or `*` for the whole provider) the vendor's affected components map to; empty when none. */
  models: readonly string[];
  /** The vendor's `created_at`. */
  createdAt: number;
  /** When Outlast first saw it on the vendor's page. */
  firstSeenAt: number;
  /** The vendor's `resolved_at`. */
  resolvedAt?: number | undefined;
  /** True for scheduled maintenance. */
  maintenance: boolean;
  /** Scheduled window of a maintenance. */
  scheduledFor?: number | undefined;
  /** End of that window. */
  scheduledUntil?: number | undefined;
  /** Updates, oldest first. */
  updates: readonly { at: number; status: string; body: string }[];
}
