import type { FaultWindow } from './compile-scenario.ts';
import type { DrillSample } from './send-drill-request.ts';

/** An incident event seen during a drill, relative to its start. */
export interface DrillIncidentEvent {
  /** Event id (`incident:kind:sequence`). */
  id: string;
  /** opened, severity_changed, vendor_acknowledged, resolved. */
  kind: string;
  /** Provider of the incident. */
  provider: string;
  /** Severity after the event. */
  severity: string;
  /** Offset from the start, in simulated ms. */
  offsetMs: number;
}

/** Everything a drill measured, before it is summarised. */
export interface DrillObservations {
  /** Simulated start, epoch ms. */
  startMs: number;
  /** Simulated length, in ms. */
  durationMs: number;
  /** Windows with faults set. */
  faultWindows: readonly FaultWindow[];
  /** Whether the faults hit the primary target. */
  primaryOutage: boolean;
  /** Provider id of the primary target. */
  primaryProvider: string;
  /** The primary target as `x-outlast-provider/x-outlast-model` show it; any other target is a fallback. */
  primaryTarget: string;
  /** Every request of the load. */
  samples: readonly DrillSample[];
  /** Incident events of the monitor. */
  incidentEvents: readonly DrillIncidentEvent[];
  /** Event ids of the alerts the webhook receiver got, one per delivery. */
  alertIds: readonly string[];
  /** When the vendor status page's first incident was first seen by the poller, offset in ms. */
  vendorSeenOffsetMs: number | undefined;
  /** Chart buckets. */
  buckets?: number;
}

/** Availability of one bucket of the run, in percent (undefined without requests). */
export interface DrillBucket {
  /** Start offset, in ms. */
  offsetMs: number;
  /** Through Outlast. */
  outlast: number | undefined;
  /** Straight to the primary. */
  direct: number | undefined;
}

/** The figures of a drill report. */
export interface DrillFigures {
  /** Requests sent each way. */
  requests: { outlast: number; direct: number };
  /** Delivered availability, in percent: overall and within the fault windows. */
  availability: { outlast: number; direct: number; outlastDuringFaults: number; directDuringFaults: number };
  /** Real latency until the answer was complete (loopback), p50 and p95 of successful requests outside faults. */
  latency: { outlastP50Ms: number; directP50Ms: number; outlastP95Ms: number; directP95Ms: number; addedP50Ms: number };
  /** First fault to the first incident of the primary (simulated ms), when one opened. */
  timeToDetectMs: number | undefined;
  /** First fault to the first answer served by a fallback (simulated ms). */
  timeToFailoverMs: number | undefined;
  /** End of the last fault window to the first answer served by the primary again (simulated ms). */
  timeToRecoverMs: number | undefined;
  /** End of the last fault window to the resolution of the last incident of the primary (simulated ms). */
  timeToResolveMs: number | undefined;
  /** The simulated vendor page's first sighting minus our detection (positive: we were first), in ms. */
  detectionLeadMs: number | undefined;
  /** Answers through Outlast per rung: `x-outlast-degraded` when set, else primary or fallback with its target. */
  rungs: Record<string, number>;
  /** Incident events against alerts delivered to the drill's webhook. */
  alerts: { incidentEvents: number; delivered: number; distinctEvents: number; duplicates: number; missing: number };
  /** Answers served by a fallback, and how many passed the client's checks. */
  fallbackAnswers: { count: number; valid: number };
  /** Successful answers (any target) that failed the client's checks. */
  invalidAnswers: number;
  /** Availability over time. */
  buckets: DrillBucket[];
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : (part / whole) * 100;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function availabilityOf(samples: readonly DrillSample[]): number {
  return percent(samples.filter((sample) => sample.ok).length, samples.length);
}

/** Computes a drill's figures from what it observed (pure). */
export function summarizeDrill(observations: DrillObservations): DrillFigures {
  const { samples, faultWindows, startMs } = observations;
  const offset = (sample: DrillSample) => sample.atMs - startMs;
  const inFault = (sample: DrillSample) =>
    faultWindows.some((window) => offset(sample) >= window.startMs && offset(sample) < window.endMs);
  const outlast = samples.filter((sample) => sample.path === 'outlast');
  // Served elsewhere than the primary, whether failed over now or routed around an open breaker.
  const onFallback = (sample: DrillSample) =>
    sample.ok && sample.servedBy !== undefined && sample.servedBy !== observations.primaryTarget;
  const direct = samples.filter((sample) => sample.path === 'direct');
  const calm = (list: DrillSample[]) => list.filter((sample) => sample.ok && !inFault(sample)).map((s) => s.latencyMs);
  const outlastCalm = calm(outlast);
  const directCalm = calm(direct);
  const firstFault = faultWindows[0]?.startMs;
  const lastEnd = faultWindows.at(-1)?.endMs;
  const primaryEvents = observations.incidentEvents.filter((event) => event.provider === observations.primaryProvider);
  const opened = primaryEvents.find((event) => event.kind === 'opened' && (firstFault ?? 0) <= event.offsetMs);
  const timeToDetectMs = opened === undefined || firstFault === undefined ? undefined : opened.offsetMs - firstFault;
  const firstFallback = outlast.find((sample) => onFallback(sample) && offset(sample) >= (firstFault ?? 0));
  const timeToFailoverMs =
    firstFallback === undefined || firstFault === undefined ? undefined : offset(firstFallback) - firstFault;
  const backOnPrimary =
    lastEnd === undefined
      ? undefined
      : outlast.find((sample) => sample.ok && !onFallback(sample) && offset(sample) >= lastEnd);
  const timeToRecoverMs =
    backOnPrimary === undefined || lastEnd === undefined ? undefined : offset(backOnPrimary) - lastEnd;
  const lastResolved = primaryEvents.filter((event) => event.kind === 'resolved').at(-1);
  const timeToResolveMs =
    lastResolved === undefined || lastEnd === undefined ? undefined : Math.max(0, lastResolved.offsetMs - lastEnd);
  const detectionLeadMs =
    opened === undefined || observations.vendorSeenOffsetMs === undefined
      ? undefined
      : observations.vendorSeenOffsetMs - opened.offsetMs;
  const rungs: Record<string, number> = {};
  for (const sample of outlast) {
    const rung = !sample.ok
      ? 'failed'
      : (sample.degraded ?? `${onFallback(sample) ? 'fallback' : 'primary'} ${sample.servedBy ?? ''}`.trim());
    rungs[rung] = (rungs[rung] ?? 0) + 1;
  }
  const counted = new Map<string, number>();
  for (const id of observations.alertIds) counted.set(id, (counted.get(id) ?? 0) + 1);
  const eventIds = new Set(observations.incidentEvents.map((event) => event.id));
  const fallbackServed = outlast.filter(onFallback);
  const bucketCount = observations.buckets ?? 60;
  const bucketMs = Math.max(1, observations.durationMs / bucketCount);
  const buckets: DrillBucket[] = [];
  for (let index = 0; index < bucketCount; index++) {
    const from = index * bucketMs;
    const inBucket = (sample: DrillSample) => offset(sample) >= from && offset(sample) < from + bucketMs;
    const outlastIn = outlast.filter(inBucket);
    const directIn = direct.filter(inBucket);
    buckets.push({
      offsetMs: from,
      outlast: outlastIn.length === 0 ? undefined : availabilityOf(outlastIn),
      direct: directIn.length === 0 ? undefined : availabilityOf(directIn),
    });
  }
  return {
    requests: { outlast: outlast.length, direct: direct.length },
    availability: {
      outlast: availabilityOf(outlast),
      direct: availabilityOf(direct),
      outlastDuringFaults: availabilityOf(outlast.filter(inFault)),
      directDuringFaults: availabilityOf(direct.filter(inFault)),
    },
    latency: {
      outlastP50Ms: quantile(outlastCalm, 0.5),
      directP50Ms: quantile(directCalm, 0.5),
      outlastP95Ms: quantile(outlastCalm, 0.95),
      directP95Ms: quantile(directCalm, 0.95),
      addedP50Ms: quantile(outlastCalm, 0.5) - quantile(directCalm, 0.5),
    },
    timeToDetectMs,
    timeToFailoverMs,
    timeToRecoverMs,
    timeToResolveMs,
    detectionLeadMs,
    rungs,
    alerts: {
      incidentEvents: observations.incidentEvents.length,
      delivered: observations.alertIds.length,
      distinctEvents: counted.size,
      duplicates: [...counted.values()].reduce((sum, count) => sum + count - 1, 0),
      missing: [...eventIds].filter((id) => !counted.has(id)).length,
    },
    fallbackAnswers: { count: fallbackServed.length, valid: fallbackServed.filter((sample) => sample.valid).length },
    invalidAnswers: samples.filter((sample) => sample.ok && !sample.valid).length,
    buckets,
  };
}
