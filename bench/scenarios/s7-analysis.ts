/**
 * S7 figures from one run's raw material: the client records of the fixed-rate driver, the
 * phase times (flip, heal), the arrival times at the primary mock and, for Outlast, the breaker
 * openings read from its admin API. Pure: everything is derived from the inputs, so it can be
 * re-run on stored material and tested without processes.
 */
import type { FixedRateRecord } from '../drivers/fixed-rate.ts';
import { percentile, sortAscending } from '../stats.ts';

/** Epoch ms of the phase boundaries. Healthy = [healthyStartMs, flipMs), failed = [flipMs, healMs), healed = [healMs, endMs). */
export type S7Phases = { healthyStartMs: number; flipMs: number; healMs: number; endMs: number };

/** One opening of the primary's breaker, gateway clock (epoch ms). */
export type BreakerOpening = { openedAt: number; openUntil: number | undefined };

export type S7Inputs = {
  records: readonly FixedRateRecord[];
  phases: S7Phases;
  /** Arrival times at the primary (epoch ms); undefined when the primary could not log them. */
  primaryHits: readonly number[] | undefined;
  /** The primary's breaker openings; undefined for an arm without a breaker. */
  openings: readonly BreakerOpening[] | undefined;
  primary: string;
  fallback: string;
  /** The steady degraded window starts this long after the flip (the transition is judged separately). */
  steadyAfterMs: number;
  /** Width of the timeline bins, ms. */
  binMs: number;
};

export type S7Metrics = {
  healthy: {
    requests: number;
    okPerS: number;
    p50Ms: number;
    p99Ms: number;
    errors: number;
    /** Share of the ok answers that came from the primary. */
    primaryShare: number;
  };
  /** From the flip to the end of the first good answer from the fallback (to a request sent after the flip). */
  firstFallbackSuccessMs: number | undefined;
  /** The first request sent after the flip. */
  firstFailing: { latencyMs: number; addedMs: number; ok: boolean; servedBy: string | undefined } | undefined;
  /** Largest added latency among the first five requests after the flip. */
  firstFiveMaxAddedMs: number | undefined;
  /** Requests the primary saw from the flip to the heal, and how they were counted. */
  primaryAfterFlip: {
    total: number;
    source: 'mock hit log' | 'client headers';
    /** Before the breaker first opened (all of them for an arm without a breaker). */
    beforeOpen: number;
    /** After it first opened: the half-open probes. */
    afterOpen: number | undefined;
    /** Per second over the steady degraded window. */
    steadyPerS: number;
  };
  breaker:
    | {
        /** From the flip to the first opening; undefined when it never opened. */
        openAfterMs: number | undefined;
        /** Openings from the flip to the heal (each later one is a failed probe). */
        openings: number;
        /** End of the open period in force at the heal, from the heal (0 when it was already over). */
        openUntilAfterHealMs: number | undefined;
        /** The breaker opened again after the heal (a probe sent before the heal failed after it). */
        reopenedAfterHeal: boolean;
        /**
         * Good answers from the primary that ended between the flip and the first opening: requests sent before the
         * flip (streams) that finished well after it. Each one resets a consecutive-failures count.
         */
        primarySuccessesBeforeOpen: number;
        /** Latency of the requests sent between the flip and the first opening (what each paid), ms. */
        beforeOpenLatency: { min: number; p50: number; max: number } | undefined;
      }
    | undefined;
  degraded: {
    /** Requests sent before the heal and still open at the flip or later (those the failure could touch). */
    requests: number;
    okPerS: number;
    /** okPerS over the healthy okPerS. */
    throughputShare: number;
    /** Good answers to the requests sent in the steady window (from flip + steadyAfterMs to the heal), per second, over the healthy okPerS. */
    steadyThroughputShare: number;
    errors: number;
    /** Steady window: latency of requests sent from flip + steadyAfterMs to the heal. */
    steadyP50Ms: number;
    steadyP99Ms: number;
    steadyAddedP50Ms: number;
    /** Share of the steady window's ok answers that the fallback served. */
    steadyFallbackShare: number;
  };
  recovery: {
    /** From the heal to the end of the first good answer from the primary (to a request sent after the heal). */
    firstPrimaryMs: number | undefined;
    /** From the heal to the last request (sent after the heal) that the primary did not serve; 0 when none. */
    lastNotPrimaryMs: number | undefined;
    /** Share of ok answers served by the fallback over the last second of the run. */
    fallbackShareLastSecond: number;
    errors: number;
  };
  /** Client-visible failures: the first one, with the last bytes of a cut stream. */
  firstError: string | undefined;
  firstErrorTail: string | undefined;
  /** The requests sent from 15 ms before the flip to 60 ms after: [sent at, ms from the flip; latency ms; served by; attempts]. */
  aroundFlip: [number, number, string, number | null][];
  /** Per bin from the flip (negative before it): [offset ms, sent, ok primary, ok fallback, errors, p50 ms]. */
  timeline: [number, number, number, number, number, number][];
};

const endOf = (record: FixedRateRecord): number => record.startMs + record.latencyMs;

/** Who served an ok answer: a spliced stream (continued by the next target) counts as the fallback's. */
export function servedBy(record: FixedRateRecord, fallback: string): string | undefined {
  return record.spliced ? fallback : record.upstream;
}

/**
 * Attempts that reached (or tried to reach) the primary for one request, from what the client saw: an answer from
 * the fallback after n attempts means n - 1 tries on the primary (`x-outlast-attempts`; a gateway without it tries
 * the primary once per request); an answer from the primary or a failure means one.
 */
export function primaryTries(record: FixedRateRecord, primary: string, fallback: string): number {
  if (record.upstream === fallback) return record.attempts === undefined ? 1 : Math.max(0, record.attempts - 1);
  if (record.upstream === primary) return 1;
  return 1;
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = sortAscending(values);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

function countBetween(times: readonly number[], from: number, until: number): number {
  let count = 0;
  for (const at of times) if (at >= from && at < until) count++;
  return count;
}

export function analyzeS7(input: S7Inputs): S7Metrics {
  const { records, phases, primary, fallback } = input;
  const { healthyStartMs, flipMs, healMs, endMs } = phases;
  const sentIn = (from: number, until: number) => records.filter((r) => r.startMs >= from && r.startMs < until);
  const okEndingIn = (from: number, until: number) =>
    records.filter((r) => r.ok && endOf(r) >= from && endOf(r) < until).length;

  // Healthy: sent after the healthy phase began and done before the flip. A request still in flight at the flip (a
  // stream, say) belongs to the failure: the flip may break it.
  const healthyRecords = sentIn(healthyStartMs, flipMs).filter((r) => endOf(r) < flipMs);
  const affected = records.filter((r) => r.startMs >= healthyStartMs && r.startMs < healMs && endOf(r) >= flipMs);
  const healthyOk = healthyRecords.filter((r) => r.ok);
  const healthyLatency = percentiles(healthyOk.map((r) => r.latencyMs));
  const healthyOkPerS = okEndingIn(healthyStartMs, flipMs) / ((flipMs - healthyStartMs) / 1000);

  const failedRecords = sentIn(flipMs, healMs);
  const firstFallback = failedRecords
    .filter((r) => r.ok && servedBy(r, fallback) === fallback)
    .reduce<number | undefined>((min, r) => (min === undefined || endOf(r) < min ? endOf(r) : min), undefined);
  const first = failedRecords[0];
  const firstFive = failedRecords.slice(0, 5);

  // Breaker openings in the gateway's clock (whole ms): an opening within the flip's millisecond counts.
  const openings = input.openings?.filter((o) => o.openedAt >= Math.floor(flipMs)) ?? undefined;
  const firstOpen = openings?.find((o) => o.openedAt < healMs)?.openedAt;
  const openBoundary = firstOpen === undefined ? healMs : Math.min(healMs, firstOpen + 1);

  const steadyFrom = flipMs + input.steadyAfterMs;
  const steadyRecords = sentIn(steadyFrom, healMs);
  const steadyOk = steadyRecords.filter((r) => r.ok);
  const steadyLatency = percentiles(steadyOk.map((r) => r.latencyMs));
  const steadyS = Math.max(0.001, (healMs - steadyFrom) / 1000);

  let primaryAfterFlip: S7Metrics['primaryAfterFlip'];
  if (input.primaryHits !== undefined) {
    const hits = input.primaryHits;
    primaryAfterFlip = {
      total: countBetween(hits, flipMs, healMs),
      source: 'mock hit log',
      beforeOpen: countBetween(hits, flipMs, openBoundary),
      afterOpen: firstOpen === undefined ? undefined : countBetween(hits, openBoundary, healMs),
      steadyPerS: countBetween(hits, steadyFrom, healMs) / steadyS,
    };
  } else {
    const tries = (list: FixedRateRecord[]) => list.reduce((sum, r) => sum + primaryTries(r, primary, fallback), 0);
    primaryAfterFlip = {
      total: tries(failedRecords),
      source: 'client headers',
      beforeOpen: tries(sentIn(flipMs, openBoundary)),
      afterOpen: firstOpen === undefined ? undefined : tries(sentIn(openBoundary, healMs)),
      steadyPerS: tries(steadyRecords) / steadyS,
    };
  }

  let breaker: S7Metrics['breaker'];
  if (openings !== undefined) {
    const inForce = input.openings!.filter((o) => o.openedAt <= healMs).at(-1);
    const beforeOpen = sentIn(flipMs, openBoundary).map((r) => r.latencyMs);
    const sortedBeforeOpen = sortAscending(beforeOpen);
    breaker = {
      primarySuccessesBeforeOpen: records.filter(
        (r) => r.ok && !r.spliced && r.upstream === primary && endOf(r) >= flipMs && endOf(r) < openBoundary,
      ).length,
      beforeOpenLatency:
        beforeOpen.length === 0
          ? undefined
          : {
              min: sortedBeforeOpen[0]!,
              p50: percentile(sortedBeforeOpen, 50),
              max: sortedBeforeOpen[sortedBeforeOpen.length - 1]!,
            },
      openAfterMs: firstOpen === undefined ? undefined : firstOpen - flipMs,
      openings: openings.filter((o) => o.openedAt < healMs).length,
      openUntilAfterHealMs:
        inForce?.openUntil === undefined || inForce.openedAt < Math.floor(flipMs)
          ? undefined
          : Math.max(0, inForce.openUntil - healMs),
      reopenedAfterHeal: input.openings!.some((o) => o.openedAt > healMs),
    };
  }

  const degradedOkPerS = okEndingIn(flipMs, healMs) / ((healMs - flipMs) / 1000);
  const healedRecords = sentIn(healMs, endMs);
  const firstPrimary = healedRecords
    .filter((r) => r.ok && servedBy(r, fallback) === primary)
    .reduce<number | undefined>((min, r) => (min === undefined || endOf(r) < min ? endOf(r) : min), undefined);
  const notPrimary = healedRecords.filter((r) => !(r.ok && servedBy(r, fallback) === primary));
  const lastSecond = sentIn(endMs - 1000, endMs).filter((r) => r.ok);
  const errorRecords = sentIn(healthyStartMs, endMs).filter((r) => !r.ok);

  return {
    healthy: {
      requests: healthyRecords.length,
      okPerS: healthyOkPerS,
      p50Ms: healthyLatency.p50,
      p99Ms: healthyLatency.p99,
      errors: healthyRecords.length - healthyOk.length,
      primaryShare:
        healthyOk.length === 0 ? 0 : healthyOk.filter((r) => r.upstream === primary).length / healthyOk.length,
    },
    firstFallbackSuccessMs: firstFallback === undefined ? undefined : firstFallback - flipMs,
    firstFailing:
      first === undefined
        ? undefined
        : {
            latencyMs: first.latencyMs,
            addedMs: first.latencyMs - healthyLatency.p50,
            ok: first.ok,
            servedBy: servedBy(first, fallback),
          },
    firstFiveMaxAddedMs:
      firstFive.length === 0 ? undefined : Math.max(...firstFive.map((r) => r.latencyMs)) - healthyLatency.p50,
    primaryAfterFlip,
    breaker,
    degraded: {
      requests: affected.length,
      okPerS: degradedOkPerS,
      throughputShare: healthyOkPerS > 0 ? degradedOkPerS / healthyOkPerS : 0,
      steadyThroughputShare: healthyOkPerS > 0 ? steadyOk.length / steadyS / healthyOkPerS : 0,
      errors: affected.filter((r) => !r.ok).length,
      steadyP50Ms: steadyLatency.p50,
      steadyP99Ms: steadyLatency.p99,
      steadyAddedP50Ms: steadyLatency.p50 - healthyLatency.p50,
      steadyFallbackShare:
        steadyOk.length === 0 ? 0 : steadyOk.filter((r) => servedBy(r, fallback) === fallback).length / steadyOk.length,
    },
    recovery: {
      firstPrimaryMs: firstPrimary === undefined ? undefined : firstPrimary - healMs,
      lastNotPrimaryMs:
        healedRecords.length === 0 ? undefined : Math.max(0, ...notPrimary.map((r) => r.startMs - healMs)),
      fallbackShareLastSecond:
        lastSecond.length === 0
          ? 0
          : lastSecond.filter((r) => servedBy(r, fallback) === fallback).length / lastSecond.length,
      errors: healedRecords.filter((r) => !r.ok).length,
    },
    firstError: errorRecords[0]?.error,
    firstErrorTail: errorRecords.find((r) => r.tail !== undefined)?.tail,
    aroundFlip: records
      .filter((r) => r.startMs >= flipMs - 15 && r.startMs < flipMs + 60)
      .map((r) => [
        Math.round((r.startMs - flipMs) * 100) / 100,
        Math.round(r.latencyMs * 100) / 100,
        r.ok ? (servedBy(r, fallback) ?? '?') : 'error',
        r.attempts ?? null,
      ]),
    timeline: timeline(records, phases, input.binMs, primary, fallback),
  };
}

function timeline(
  records: readonly FixedRateRecord[],
  phases: S7Phases,
  binMs: number,
  primary: string,
  fallback: string,
): S7Metrics['timeline'] {
  const firstBin = Math.floor((phases.healthyStartMs - phases.flipMs) / binMs);
  const lastBin = Math.ceil((phases.endMs - phases.flipMs) / binMs);
  const bins: { sent: number; primary: number; fallback: number; errors: number; latency: number[] }[] = [];
  for (let bin = firstBin; bin < lastBin; bin++)
    bins.push({ sent: 0, primary: 0, fallback: 0, errors: 0, latency: [] });
  for (const record of records) {
    const index = Math.floor((record.startMs - phases.flipMs) / binMs) - firstBin;
    const bin = bins[index];
    if (bin === undefined || record.startMs < phases.healthyStartMs) continue;
    bin.sent++;
    bin.latency.push(record.latencyMs);
    if (!record.ok) bin.errors++;
    else if (servedBy(record, fallback) === fallback) bin.fallback++;
    else if (record.upstream === primary) bin.primary++;
  }
  return bins.map((bin, index) => [
    (firstBin + index) * binMs,
    bin.sent,
    bin.primary,
    bin.fallback,
    bin.errors,
    Math.round(percentiles(bin.latency).p50 * 1000) / 1000,
  ]);
}
