/** Shapes of the admin API answers the dashboard reads (see docs/monitoring.md). */
export type HealthState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage';

export interface WindowSummary {
  ok: number;
  error: number;
  errorRate?: number;
  p50LatencyMs?: number;
  p95LatencyMs?: number;
  p50TtfbMs?: number;
  p95TtfbMs?: number;
}

export interface TargetHealth {
  provider: string;
  model: string;
  state: HealthState | null;
  availability: string | null;
  breaker: string | null;
  windows: { '1m': WindowSummary; '5m': WindowSummary };
  last_probe_at: number | null;
  last_probe_ok: boolean | null;
}

export interface HealthReport {
  generated_at: number;
  self: 'ok' | 'our_network';
  providers: { provider: string; state: HealthState | null; open_incident: string | null }[];
  models: { model: string; state: HealthState | null }[];
  targets: TargetHealth[];
  probes: { count: number; tokens: number };
}

export interface TimelineEntry {
  at: number;
  kind: string;
  message: string;
}

export interface Incident {
  id: string;
  provider: string;
  model?: string;
  parent_id?: string;
  status: 'open' | 'resolved';
  severity: HealthState;
  public_status: string;
  opened_at: number;
  resolved_at?: number;
  vendor_first_seen_at?: number;
  detection_lead_ms?: number;
  timeline: TimelineEntry[];
}

export interface Figures {
  providerAvailability?: number;
  deliveredAvailability?: number;
  timeWeighted?: number;
  ok: number;
  error: number;
  moved: number;
}

export interface HistoryBucket {
  startMs: number;
  ok: number;
  error: number;
  delivered_ok: number;
  delivered_error: number;
  moved: number;
  covered_s: number;
  major_s: number;
  partial_s: number;
  degraded_s: number;
}

export interface HistoryAnswer {
  figures: Figures;
  buckets: HistoryBucket[];
}

export type SeriesPoint = [number, number | null, number | null, number | null, number | null, number | null];

export interface SeriesAnswer {
  targets: { provider: string; model: string; points: SeriesPoint[] }[];
}

export interface JobsAnswer {
  enabled: boolean;
  counts: Record<string, number>;
  oldest_queued_age_s: number;
  callbacks_pending: number;
}

/** One line of the live failover feed: consecutive moves between the same targets are merged. */
export interface FailoverLine {
  from: string;
  to: string;
  count: number;
  firstAt: number;
  lastAt: number;
}
