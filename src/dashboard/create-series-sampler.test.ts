import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthReport } from '../monitor/create-monitor.ts';
import { createSeriesSampler } from './create-series-sampler.ts';

function report(p50LatencyMs: number | undefined): HealthReport {
  const window = {
    ok: 9,
    error: 1,
    slow: 0,
    excluded: 0,
    probes: 0,
    errorRate: 0.1,
    p50LatencyMs,
    p95LatencyMs: undefined,
    p50TtfbMs: 50,
    p95TtfbMs: 100,
  };
  return {
    generated_at: 0,
    self: 'ok',
    providers: [],
    models: [],
    probes: { count: 0, tokens: 0 },
    targets: [
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-6',
        state: 'operational',
        availability: 'available',
        breaker: 'closed',
        windows: { '1m': window, '5m': window },
        baseline_ttfb_ms: null,
        last_probe_at: null,
        last_probe_ok: null,
      },
    ],
  };
}

test('samples the 1-minute windows on its schedule and keeps only the last keepMs', () => {
  const clock = { ms: 0 };
  let latency: number | undefined = 200;
  let tick: () => void = () => {};
  let scheduledMs = 0;
  const sampler = createSeriesSampler({
    health: () => report(latency),
    now: () => clock.ms,
    intervalMs: 60_000,
    keepMs: 180_000,
    schedule: (run, ms) => {
      tick = run;
      scheduledMs = ms;
      return () => {};
    },
  });
  assert.equal(scheduledMs, 60_000);
  for (let minute = 0; minute < 5; minute++) {
    clock.ms = minute * 60_000;
    latency = minute === 4 ? undefined : 200 + minute;
    tick();
  }
  const [series] = sampler.series(0);
  assert.deepEqual(
    series?.points.map((point) => point[0]),
    [60_000, 120_000, 180_000, 240_000],
  );
  assert.deepEqual(series?.points.at(-1), [240_000, 0.1, null, null, 50, 100]);
  assert.equal(sampler.series(200_000)[0]?.points.length, 1);
});
