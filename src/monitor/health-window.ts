/** How one sample counts: a success, a failure of the target, or excluded (429, client 4xx, cancelled). */
export type SampleKind = 'ok' | 'error' | 'excluded';

/** One attempt or probe result. */
export interface HealthSample {
  /** How it counts. */
  kind: SampleKind;
  /** When it ended. */
  atMs: number;
  /** Whole attempt time, when known. */
  latencyMs?: number | undefined;
  /** Time to first byte (first token for streams), when known. */
  ttfbMs?: number | undefined;
  /** True for a synthetic probe. */
  probe: boolean;
}

/** Counts and percentiles of a window. */
export interface WindowSummary {
  /** Successes (probes included). */
  ok: number;
  /** Failures of the target (probes included). */
  error: number;
  /** Successes slower than the slow threshold. */
  slow: number;
  /** Samples that say nothing about the target (429, client 4xx, cancelled). */
  excluded: number;
  /** Probes among the samples. */
  probes: number;
  /** error / (ok + error), undefined without samples. */
  errorRate: number | undefined;
  /** Latency percentiles (bucket upper bounds), undefined without samples. */
  p50LatencyMs: number | undefined;
  p95LatencyMs: number | undefined;
  /** Time-to-first-token percentiles (bucket upper bounds), undefined without samples. */
  p50TtfbMs: number | undefined;
  p95TtfbMs: number | undefined;
}

/** Upper bounds (ms) of the fixed histogram buckets; the last bucket is open-ended. */
export const latencyBucketsMs: readonly number[] = [
  25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 30_000, 60_000, 120_000,
];
const bucketCount = latencyBucketsMs.length + 1;

// Counter columns of one slot.
const OK = 0;
const ERROR = 1;
const SLOW = 2;
const EXCLUDED = 3;
const PROBES = 4;
const columns = 5;

/** A ring of time slots of counters and histograms: recording is a few array increments, no allocation. */
export interface HealthWindow {
  /** Adds a sample to the slot of its time. */
  record(sample: HealthSample): void;
  /** Sums the slots of the last `spanMs` before `nowMs`. */
  summarize(nowMs: number, spanMs: number): WindowSummary;
  /** Adds the last `spanMs` into `into` (for model and provider aggregates). */
  addTo(into: WindowTotals, nowMs: number, spanMs: number): void;
  /** When the last sample (probe or traffic) arrived; 0 when none. */
  lastSampleAtMs(probe: boolean): number;
}

/** Raw totals that several windows can be summed into. */
export interface WindowTotals {
  counts: Float64Array;
  latency: Float64Array;
  ttfb: Float64Array;
}

/** Empty totals. */
export function createWindowTotals(): WindowTotals {
  return {
    counts: new Float64Array(columns),
    latency: new Float64Array(bucketCount),
    ttfb: new Float64Array(bucketCount),
  };
}

function bucketOf(ms: number): number {
  for (let index = 0; index < latencyBucketsMs.length; index++) if (ms <= latencyBucketsMs[index]!) return index;
  return latencyBucketsMs.length;
}

/** The percentile `quantile` (0..1) of a histogram, as its bucket's upper bound; undefined when empty. */
export function histogramPercentile(histogram: Float64Array, quantile: number): number | undefined {
  let total = 0;
  for (const count of histogram) total += count;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(total * quantile));
  let seen = 0;
  for (let index = 0; index < histogram.length; index++) {
    seen += histogram[index]!;
    if (seen >= rank) return latencyBucketsMs[index] ?? latencyBucketsMs.at(-1)! * 2;
  }
  return undefined;
}

/** Turns totals into a summary. */
export function summarizeTotals(totals: WindowTotals): WindowSummary {
  const ok = totals.counts[OK]!;
  const error = totals.counts[ERROR]!;
  return {
    ok,
    error,
    slow: totals.counts[SLOW]!,
    excluded: totals.counts[EXCLUDED]!,
    probes: totals.counts[PROBES]!,
    errorRate: ok + error === 0 ? undefined : error / (ok + error),
    p50LatencyMs: histogramPercentile(totals.latency, 0.5),
    p95LatencyMs: histogramPercentile(totals.latency, 0.95),
    p50TtfbMs: histogramPercentile(totals.ttfb, 0.5),
    p95TtfbMs: histogramPercentile(totals.ttfb, 0.95),
  };
}

/** Creates a window of `slots` slots of `slotMs` each (default 60 × 5 s = 5 min); `slowMs` marks a slow success. */
export function createHealthWindow(options: { slotMs?: number; slots?: number; slowMs: number }): HealthWindow {
  const slotMs = options.slotMs ?? 5000;
  const slots = options.slots ?? 60;
  const epochs = new Float64Array(slots).fill(-1);
  const counts = new Float64Array(slots * columns);
  const latency = new Float64Array(slots * bucketCount);
  const ttfb = new Float64Array(slots * bucketCount);
  let lastTrafficMs = 0;
  let lastProbeMs = 0;

  function slotFor(epoch: number): number {
    const slot = epoch % slots;
    if (epochs[slot] !== epoch) {
      epochs[slot] = epoch;
      counts.fill(0, slot * columns, (slot + 1) * columns);
      latency.fill(0, slot * bucketCount, (slot + 1) * bucketCount);
      ttfb.fill(0, slot * bucketCount, (slot + 1) * bucketCount);
    }
    return slot;
  }

  function addTo(into: WindowTotals, nowMs: number, spanMs: number): void {
    const newest = Math.floor(nowMs / slotMs);
    const oldest = Math.floor((nowMs - spanMs) / slotMs) + 1;
    for (let slot = 0; slot < slots; slot++) {
      const epoch = epochs[slot]!;
      if (epoch < oldest || epoch > newest) continue;
      for (let column = 0; column < columns; column++) into.counts[column]! += counts[slot * columns + column]!;
      for (let bucket = 0; bucket < bucketCount; bucket++) {
        into.latency[bucket]! += latency[slot * bucketCount + bucket]!;
        into.ttfb[bucket]! += ttfb[slot * bucketCount + bucket]!;
      }
    }
  }

  return {
    record(sample) {
      const slot = slotFor(Math.floor(sample.atMs / slotMs));
      const base = slot * columns;
      if (sample.probe) {
        counts[base + PROBES]! += 1;
        lastProbeMs = Math.max(lastProbeMs, sample.atMs);
      } else {
        lastTrafficMs = Math.max(lastTrafficMs, sample.atMs);
      }
      if (sample.kind === 'excluded') {
        counts[base + EXCLUDED]! += 1;
        return;
      }
      counts[base + (sample.kind === 'ok' ? OK : ERROR)]! += 1;
      if (sample.kind !== 'ok') return;
      if (sample.latencyMs !== undefined) latency[slot * bucketCount + bucketOf(sample.latencyMs)]! += 1;
      if (sample.ttfbMs !== undefined) ttfb[slot * bucketCount + bucketOf(sample.ttfbMs)]! += 1;
      const slowBy = sample.ttfbMs ?? sample.latencyMs;
      if (slowBy !== undefined && slowBy > options.slowMs) counts[base + SLOW]! += 1;
    },
    summarize(nowMs, spanMs) {
      const totals = createWindowTotals();
      addTo(totals, nowMs, spanMs);
      return summarizeTotals(totals);
    },
    addTo,
    lastSampleAtMs: (probe) => (probe ? lastProbeMs : lastTrafficMs),
  };
}
