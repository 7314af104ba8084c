import { computeUptime } from '../monitor/compute-figures.ts';
import { type HistoryBucket, resolutionMs } from '../store/history/history-store.ts';

/** One day of an uptime bar. */
export interface UptimeDay {
  /** Start of the UTC day. */
  dayStartMs: number;
  /** ok / (ok + error) of the provider's attempts; null without traffic. */
  provider: number | null;
  /** What clients got after failover; null without client requests. */
  delivered: number | null;
  /** Statuspage's time-weighted figure (major 1, partial 0.3); null without a verdict. */
  timeWeighted: number | null;
}

/** The days of a bar and the totals over them. */
export interface UptimeBar {
  days: UptimeDay[];
  /** Provider availability over the whole span; null without traffic. */
  provider: number | null;
  /** Delivered availability over the whole span; null without client requests. */
  delivered: number | null;
}

/** Groups history buckets (any resolution up to a day) into `days` UTC days ending with today, oldest first. */
export function summarizeUptimeDays(options: {
  buckets: readonly HistoryBucket[];
  nowMs: number;
  days?: number;
}): UptimeBar {
  const dayMs = resolutionMs.day;
  const count = options.days ?? 90;
  const todayStartMs = Math.floor(options.nowMs / dayMs) * dayMs;
  const firstMs = todayStartMs - (count - 1) * dayMs;
  const byDay: HistoryBucket[][] = Array.from({ length: count }, () => []);
  for (const bucket of options.buckets) {
    const index = Math.floor((bucket.startMs - firstMs) / dayMs);
    if (index >= 0 && index < count) byDay[index]!.push(bucket);
  }
  const days = byDay.map((buckets, index) => {
    const figures = computeUptime(buckets);
    return {
      dayStartMs: firstMs + index * dayMs,
      provider: figures.providerAvailability ?? null,
      delivered: figures.deliveredAvailability ?? null,
      timeWeighted: figures.timeWeighted ?? null,
    };
  });
  const total = computeUptime(options.buckets.filter((bucket) => bucket.startMs >= firstMs));
  return { days, provider: total.providerAvailability ?? null, delivered: total.deliveredAvailability ?? null };
}
