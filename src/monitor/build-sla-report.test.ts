import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../core/monitoring.ts';
import { emptyBucket, type HistoryBucket } from '../store/history/history-store.ts';
import { createMemoryHistoryStore } from '../store/history/memory-history-store.ts';
import { buildSlaReport, monthRange } from './build-sla-report.ts';
import { computeSlaCredit } from './compute-figures.ts';

const minute = 60_000;
const weekStart = Date.UTC(2026, 2, 2); // Monday 2026-03-02 00:00 UTC
const majorFrom = Date.UTC(2026, 2, 2, 12); // 60 min major outage
const partialFrom = Date.UTC(2026, 2, 4, 14); // 30 min partial outage
const maintenanceFrom = Date.UTC(2026, 2, 6, 2); // 60 min vendor maintenance
const credits = [
  { below: 99.9, credit: 10 },
  { below: 99.0, credit: 25 },
  { below: 95.0, credit: 100 },
];

/** One scripted minute of provider-level history. */
function scriptedMinute(startMs: number): HistoryBucket {
  const bucket = emptyBucket('anthropic', '', 'minute', startMs);
  if (startMs >= majorFrom && startMs < majorFrom + 60 * minute) {
    return { ...bucket, covered_s: 60, major_s: 60, ok: 4, error: 6, delivered_ok: 9, delivered_error: 1 };
  }
  if (startMs >= partialFrom && startMs < partialFrom + 30 * minute) {
    return { ...bucket, covered_s: 60, partial_s: 60, ok: 7, error: 3, delivered_ok: 10 };
  }
  if (startMs >= maintenanceFrom && startMs < maintenanceFrom + 60 * minute) {
    return { ...bucket, maintenance_s: 60, excluded: 10, delivered_ok: 10 };
  }
  return { ...bucket, covered_s: 60, ok: 10, delivered_ok: 10 };
}

const incidents: Incident[] = [
  {
    id: 'inc_a',
    provider: 'anthropic',
    status: 'resolved',
    severity: 'major_outage',
    publicStatus: 'resolved',
    openedAt: majorFrom + 20_000,
    resolvedAt: majorFrom + 3_620_000,
    vendorFirstSeenAt: majorFrom + 25 * minute + 20_000,
    timeline: [{ at: majorFrom + 20_000, kind: 'opened', message: 'opened', data: { firstFailureAt: majorFrom } }],
  },
  {
    id: 'inc_b',
    provider: 'anthropic',
    status: 'resolved',
    severity: 'partial_outage',
    publicStatus: 'resolved',
    openedAt: partialFrom + 40_000,
    resolvedAt: partialFrom + 1_840_000,
    timeline: [{ at: partialFrom + 40_000, kind: 'opened', message: 'opened', data: { firstFailureAt: partialFrom } }],
  },
];

test('uptime figures and the SLA credit of a scripted week match the hand-computed values', () => {
  const store = createMemoryHistoryStore();
  const week: HistoryBucket[] = [];
  for (let at = weekStart; at < weekStart + 7 * 1440 * minute; at += minute) week.push(scriptedMinute(at));
  store.add(week);
  store.rollUp({ from: 'minute', to: 'hour', fromMs: weekStart, toMs: weekStart + 7 * 86_400_000 });
  const report = buildSlaReport({
    history: store,
    incidents,
    month: '2026-03',
    targetPercent: 99.9,
    credits,
    nowMs: Date.UTC(2026, 2, 20),
  });
  assert.ok(report);
  const [line] = report.lines;
  assert.ok(line);
  // covered: (10080 − 60 maintenance) minutes × 60 s = 601200 s; down: 3600 × 1 + 1800 × 0.3 = 4140 s
  assert.equal(line.uptime_percent, Math.round((1 - 4140 / 601_200) * 1_000_000) / 10_000); // 99.3114
  assert.equal(line.uptime_percent, 99.3114);
  // ok = 9930 × 10 + 60 × 4 + 30 × 7 = 99750; error = 360 + 90 = 450
  assert.equal(line.provider_availability_percent, 99.5509);
  // delivered: 100740 ok of 100800
  assert.equal(line.delivered_availability_percent, 99.9405);
  assert.equal(line.downtime_minutes, 69);
  assert.equal(line.met, false);
  assert.equal(line.credit_percent, 10);
  assert.equal(line.incidents, 2);
  assert.equal(line.mttd_ms, 30_000); // (20 s + 40 s) / 2
  assert.equal(line.mttr_ms, 2_700_000); // (3600 s + 1800 s) / 2
  assert.equal(line.mtbf_ms, (31 * 86_400_000 - 5_400_000) / 2); // (month − downtime) / incidents
  assert.equal(line.vendor_never_posted, 1);
  assert.equal(line.mean_detection_lead_ms, 25 * minute);
  assert.equal(line.outages_by_hour[12], 1);
  assert.equal(line.outages_by_hour[14], 1);
  assert.equal(
    line.outages_by_hour.reduce((sum, count) => sum + count, 0),
    2,
  );
});

test('the credit is the largest tier the uptime falls under', () => {
  assert.equal(computeSlaCredit(99.95, credits), 0);
  assert.equal(computeSlaCredit(99.5, credits), 10);
  assert.equal(computeSlaCredit(98, credits), 25);
  assert.equal(computeSlaCredit(94.9, credits), 100);
});

test('months are UTC calendar months and malformed ones are refused', () => {
  assert.deepEqual(monthRange('2026-02'), { fromMs: Date.UTC(2026, 1, 1), toMs: Date.UTC(2026, 2, 1) });
  assert.equal(monthRange('2026-13'), undefined);
  assert.equal(monthRange('March'), undefined);
});
