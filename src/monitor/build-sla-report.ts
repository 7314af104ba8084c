import type { Incident } from '../core/monitoring.ts';
import { type HistoryResolution, type HistoryStore, resolutionMs } from '../store/history/history-store.ts';
import { type CreditTier, computeIncidentFigures, computeSlaCredit, computeUptime } from './compute-figures.ts';

/** The SLA figures of one provider (or one model) for a month. */
export interface SlaLine {
  provider: string;
  /** Upstream model, or null for the provider as a whole. */
  model: string | null;
  /** Time-weighted uptime (Statuspage weights), in percent; null without coverage. */
  uptime_percent: number | null;
  /** ok / (ok + error) before failover, in percent. */
  provider_availability_percent: number | null;
  /** Client requests that succeeded after failover, in percent. */
  delivered_availability_percent: number | null;
  /** Uptime at or above the target (null without coverage). */
  met: boolean | null;
  /** Credit owed under the credit table, in percent of the bill. */
  credit_percent: number;
  /** Weighted downtime in minutes: major × 1 + partial × 0.3. */
  downtime_minutes: number;
  incidents: number;
  mttd_ms: number | null;
  mttr_ms: number | null;
  mtbf_ms: number | null;
  vendor_never_posted: number;
  mean_detection_lead_ms: number | null;
  outages_by_hour: number[];
}

/** `outlast sla` / `GET /admin/api/sla`. */
export interface SlaReport {
  month: string;
  from: number;
  to: number;
  target_percent: number;
  credits: readonly CreditTier[];
  lines: SlaLine[];
}

const monthPattern = /^(\d{4})-(\d{2})$/;

/** The first and last ms of a `YYYY-MM` month in UTC; undefined when malformed. */
export function monthRange(month: string): { fromMs: number; toMs: number } | undefined {
  const match = monthPattern.exec(month);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) return undefined;
  return { fromMs: Date.UTC(year, index, 1), toMs: Date.UTC(year, index + 1, 1) };
}

const percent = (value: number | undefined) => (value === undefined ? null : Math.round(value * 1_000_000) / 10_000);

/**
 * Builds the SLA report of a month from the history (hourly buckets within 90 days, daily before) and the incidents:
 * uptime = the time-weighted figure, compared with the target; the credit comes from the credit table.
 */
export function buildSlaReport(options: {
  history: Pick<HistoryStore, 'query'>;
  incidents: readonly Incident[];
  month: string;
  targetPercent: number;
  credits: readonly CreditTier[];
  nowMs: number;
  provider?: string | undefined;
  model?: string | undefined;
}): SlaReport | undefined {
  const range = monthRange(options.month);
  if (range === undefined) return undefined;
  const resolution: HistoryResolution = options.nowMs - range.fromMs > 89 * resolutionMs.day ? 'day' : 'hour';
  const buckets = options.history.query({
    provider: options.provider,
    model: options.model ?? '',
    resolution,
    fromMs: range.fromMs,
    toMs: range.toMs,
  });
  const providers = [...new Set(buckets.map((bucket) => bucket.provider))].sort();
  const lines = providers.map((provider): SlaLine => {
    const own = buckets.filter((bucket) => bucket.provider === provider);
    const uptime = computeUptime(own);
    const figures = computeIncidentFigures(
      options.incidents.filter(
        (incident) =>
          incident.provider === provider && (options.model === undefined || incident.model === options.model),
      ),
      range,
    );
    const uptimePercent = percent(uptime.timeWeighted);
    const weightedDownS = own.reduce((sum, bucket) => sum + bucket.major_s + bucket.partial_s * 0.3, 0);
    return {
      provider,
      model: options.model ?? null,
      uptime_percent: uptimePercent,
      provider_availability_percent: percent(uptime.providerAvailability),
      delivered_availability_percent: percent(uptime.deliveredAvailability),
      met: uptimePercent === null ? null : uptimePercent >= options.targetPercent,
      credit_percent: uptimePercent === null ? 0 : computeSlaCredit(uptimePercent, options.credits),
      downtime_minutes: Math.round((weightedDownS / 60) * 100) / 100,
      incidents: figures.incidents,
      mttd_ms: figures.mttdMs ?? null,
      mttr_ms: figures.mttrMs ?? null,
      mtbf_ms: figures.mtbfMs ?? null,
      vendor_never_posted: figures.vendorNeverPosted,
      mean_detection_lead_ms: figures.meanDetectionLeadMs ?? null,
      outages_by_hour: figures.byHourOfDay,
    };
  });
  return {
    month: options.month,
    from: range.fromMs,
    to: range.toMs,
    target_percent: options.targetPercent,
    credits: options.credits,
    lines,
  };
}
