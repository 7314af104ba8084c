import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHealthWindow, histogramPercentile } from './health-window.ts';

test('counts samples per kind within the span and forgets older slots', () => {
  const window = createHealthWindow({ slotMs: 5000, slots: 60, slowMs: 1000 });
  window.record({ kind: 'ok', atMs: 1000, ttfbMs: 40, latencyMs: 90, probe: false });
  window.record({ kind: 'ok', atMs: 2000, ttfbMs: 2000, latencyMs: 2500, probe: false });
  window.record({ kind: 'error', atMs: 61_000, probe: true });
  window.record({ kind: 'excluded', atMs: 62_000, probe: false });
  const all = window.summarize(62_000, 300_000);
  assert.deepEqual([all.ok, all.error, all.slow, all.excluded, all.probes], [2, 1, 1, 1, 1]);
  assert.equal(all.errorRate, 1 / 3);
  const lastMinute = window.summarize(62_000, 60_000);
  assert.deepEqual([lastMinute.ok, lastMinute.error], [0, 1]);
  assert.equal(window.lastSampleAtMs(true), 61_000);
  assert.equal(window.lastSampleAtMs(false), 62_000);
  // 300 s later slot 0 is reused and starts from zero
  window.record({ kind: 'ok', atMs: 301_000, probe: false });
  assert.equal(window.summarize(301_000, 300_000).ok, 1);
});

test('percentiles are bucket upper bounds', () => {
  const histogram = new Float64Array(19);
  histogram[2] = 50; // <= 100 ms
  histogram[7] = 50; // <= 1000 ms
  assert.equal(histogramPercentile(histogram, 0.5), 100);
  assert.equal(histogramPercentile(histogram, 0.95), 1000);
  assert.equal(histogramPercentile(new Float64Array(19), 0.5), undefined);
});
