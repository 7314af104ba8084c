import type { HealthReport } from '../monitor/create-monitor.ts';

/** One sample of a target: [at, error rate, p50 latency ms, p95 latency ms, p50 TTFT ms, p95 TTFT ms]; null = no data. */
export type SeriesPoint = [number, number | null, number | null, number | null, number | null, number | null];

/** The latency and TTFT series the history does not keep (it stores counters only). */
export interface SeriesSampler {
  /** Takes one sample of every target's 1-minute window. */
  sample(): void;
  /** Every target's points, oldest first, from `fromMs`. */
  series(fromMs: number): { provider: string; model: string; points: SeriesPoint[] }[];
  /** Stops the timer. */
  stop(): void;
}

/**
 * Samples the monitor's 1-minute windows every `intervalMs` (default 60 s) into an in-memory ring per target holding
 * `keepMs` (default a day): the dashboard's latency and TTFT charts. One small read per minute, off the hot path.
 */
export function createSeriesSampler(options: {
  health: () => HealthReport;
  now: () => number;
  intervalMs?: number | undefined;
  keepMs?: number | undefined;
  schedule?: ((tick: () => void, ms: number) => () => void) | undefined;
}): SeriesSampler {
  const intervalMs = options.intervalMs ?? 60_000;
  const keepMs = options.keepMs ?? 86_400_000;
  const rings = new Map<string, { provider: string; model: string; points: SeriesPoint[] }>();
  function sample(): void {
    const nowMs = options.now();
    for (const target of options.health().targets) {
      const key = `${target.provider}\u0000${target.model}`;
      let ring = rings.get(key);
      if (ring === undefined) {
        ring = { provider: target.provider, model: target.model, points: [] };
        rings.set(key, ring);
      }
      const window = target.windows['1m'];
      ring.points.push([
        nowMs,
        window.errorRate ?? null,
        window.p50LatencyMs ?? null,
        window.p95LatencyMs ?? null,
        window.p50TtfbMs ?? null,
        window.p95TtfbMs ?? null,
      ]);
      let drop = 0;
      while (drop < ring.points.length && ring.points[drop]![0] < nowMs - keepMs) drop += 1;
      if (drop > 0) ring.points.splice(0, drop);
    }
  }
  const schedule =
    options.schedule ??
    ((tick: () => void, ms: number) => {
      const timer = setInterval(tick, ms);
      timer.unref();
      return () => clearInterval(timer);
    });
  const cancel = schedule(sample, intervalMs);
  return {
    sample,
    series: (fromMs) =>
      [...rings.values()].map((ring) => ({
        provider: ring.provider,
        model: ring.model,
        points: ring.points.filter((point) => point[0] >= fromMs),
      })),
    stop: cancel,
  };
}
