import type { Incident } from '../core/monitoring.ts';
import type { HistoryBucket } from '../store/history/history-store.ts';

/** Statuspage weights of the time-weighted figure (degraded counts 0). */
export const stateWeights = { major: 1, partial: 0.3, degraded: 0 } as const;

/** Uptime figures of a set of buckets; undefined when nothing was covered. */
export interface UptimeFigures {
  /** ok / (ok + error) of attempts before failover (request-weighted). */
  providerAvailability: number | undefined;
  /** Client requests that succeeded after failover / client requests (first target = this one). */
  deliveredAvailability: number | undefined;
  /** 1 − (major_s × 1 + partial_s × 0.3) / (covered_s − maintenance_s): Statuspage's bar. */
  timeWeighted: number | undefined;
  /** Attempts counted. */
  ok: number;
  error: number;
  /** Requests failed over away from this target. */
  moved: number;
  /** Probes sent and their tokens (probe cost). */
  probes: number;
  probeTokens: number;
  /** Seconds with a verdict, outside maintenance. */
  coveredS: number;
}

/** Sums buckets into the uptime figures. */
export function computeUptime(buckets: readonly HistoryBucket[]): UptimeFigures {
  let ok = 0;
  let error = 0;
  let deliveredOk = 0;
  let deliveredError = 0;
  let moved = 0;
  let probes = 0;
  let probeTokens = 0;
  let covered = 0;
  let down = 0;
  for (const bucket of buckets) {
    ok += bucket.ok;
    error += bucket.error;
    deliveredOk += bucket.delivered_ok;
    deliveredError += bucket.delivered_error;
    moved += bucket.moved;
    probes += bucket.probes;
    probeTokens += bucket.probe_tokens;
    covered += bucket.covered_s;
    down +=
      bucket.major_s * stateWeights.major +
      bucket.partial_s * stateWeights.partial +
      bucket.degraded_s * stateWeights.degraded;
  }
  return {
    providerAvailability: ok + error === 0 ? undefined : ok / (ok + error),
    deliveredAvailability:
      deliveredOk + deliveredError === 0 ? undefined : deliveredOk / (deliveredOk + deliveredError),
    timeWeighted: covered === 0 ? undefined : 1 - down / covered,
    ok,
    error,
    moved,
    probes,
    probeTokens,
    coveredS: covered,
  };
}

/** One row of the SLA credit table: below `below` percent uptime, `credit` percent of the bill is owed. */
export interface CreditTier {
  below: number;
  credit: number;
}

/** The credit owed for an uptime percentage: the largest credit of the tiers it falls below; 0 when none. */
export function computeSlaCredit(uptimePercent: number, tiers: readonly CreditTier[]): number {
  let credit = 0;
  for (const tier of tiers) if (uptimePercent < tier.below && tier.credit > credit) credit = tier.credit;
  return credit;
}

/** Incident figures over a period. */
export interface IncidentFigures {
  /** Provider incidents counted (children excluded). */
  incidents: number;
  /** Mean time to detect: first failing sample to opening, in ms. */
  mttdMs: number | undefined;
  /** Mean time to recover: opening to resolution, in ms. */
  mttrMs: number | undefined;
  /** Mean time between failures: (period − downtime) / incidents, in ms. */
  mtbfMs: number | undefined;
  /** Incidents by the UTC hour of day they opened in (24 counters). */
  byHourOfDay: number[];
  /** Incidents the vendor never posted. */
  vendorNeverPosted: number;
  /** Mean detection lead (vendor first seen − opened) of the incidents the vendor posted, in ms. */
  meanDetectionLeadMs: number | undefined;
}

const mean = (values: number[]) =>
  values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;

/** MTTD, MTTR, MTBF, outages by hour of day and the vendor comparison for provider incidents in [fromMs, toMs). */
export function computeIncidentFigures(
  incidents: readonly Incident[],
  period: { fromMs: number; toMs: number },
): IncidentFigures {
  const parents = incidents.filter(
    (incident) =>
      incident.parentId === undefined && incident.openedAt >= period.fromMs && incident.openedAt < period.toMs,
  );
  const byHourOfDay = new Array<number>(24).fill(0);
  const detect: number[] = [];
  const recover: number[] = [];
  const leads: number[] = [];
  let downtime = 0;
  let vendorNeverPosted = 0;
  for (const incident of parents) {
    byHourOfDay[new Date(incident.openedAt).getUTCHours()]! += 1;
    const firstFailureAt = incident.timeline[0]?.data?.firstFailureAt;
    if (typeof firstFailureAt === 'number') detect.push(incident.openedAt - firstFailureAt);
    const end = Math.min(incident.resolvedAt ?? period.toMs, period.toMs);
    if (incident.resolvedAt !== undefined) recover.push(incident.resolvedAt - incident.openedAt);
    downtime += Math.max(0, end - incident.openedAt);
    if (incident.vendorFirstSeenAt === undefined) vendorNeverPosted += 1;
    else leads.push(incident.vendorFirstSeenAt - incident.openedAt);
  }
  return {
    incidents: parents.length,
    mttdMs: mean(detect),
    mttrMs: mean(recover),
    mtbfMs: parents.length === 0 ? undefined : (period.toMs - period.fromMs - downtime) / parents.length,
    byHourOfDay,
    vendorNeverPosted,
    meanDetectionLeadMs: mean(leads),
  };
}
