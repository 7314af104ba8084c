import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DrillSample } from './send-drill-request.ts';
import { summarizeDrill } from './summarize-drill.ts';

const minute = 60_000;

function sample(overrides: Partial<DrillSample>): DrillSample {
  return {
    atMs: 0,
    path: 'outlast',
    kind: 'openai',
    ok: true,
    status: 200,
    latencyMs: 5,
    servedBy: 'anthropic/claude',
    fallback: false,
    degraded: undefined,
    valid: true,
    error: undefined,
    ...overrides,
  };
}

/** One request each way per minute for 30 minutes; the primary is down from minute 10 to minute 20. */
function observations() {
  const samples: DrillSample[] = [];
  for (let at = 0; at < 30 * minute; at += minute) {
    const down = at >= 10 * minute && at < 20 * minute;
    // Outlast keeps serving: the fallback from minute 11 (the first faulty minute still hits the primary's retry).
    samples.push(
      sample({ atMs: at, servedBy: down && at >= 11 * minute ? 'openai/gpt' : 'anthropic/claude', ok: true }),
    );
    samples.push(sample({ atMs: at, path: 'direct', servedBy: undefined, ok: !down, status: down ? 503 : 200 }));
  }
  return {
    startMs: 0,
    durationMs: 30 * minute,
    faultWindows: [{ startMs: 10 * minute, endMs: 20 * minute }],
    primaryOutage: true,
    primaryProvider: 'anthropic',
    primaryTarget: 'anthropic/claude',
    samples,
    incidentEvents: [
      { id: 'i:opened:1', kind: 'opened', provider: 'anthropic', severity: 'major_outage', offsetMs: 12 * minute },
      { id: 'i:resolved:2', kind: 'resolved', provider: 'anthropic', severity: 'major_outage', offsetMs: 21 * minute },
    ],
    alertIds: ['i:opened:1', 'i:opened:1'],
    vendorSeenOffsetMs: 25 * minute,
    buckets: 3,
  };
}

test('availability, detection, failover, recovery and lead are measured from the fault windows', () => {
  const figures = summarizeDrill(observations());
  assert.equal(figures.availability.outlast, 100);
  assert.equal(figures.availability.direct, (20 / 30) * 100);
  assert.equal(figures.availability.directDuringFaults, 0);
  assert.equal(figures.timeToDetectMs, 2 * minute);
  assert.equal(figures.timeToFailoverMs, minute);
  assert.equal(figures.timeToRecoverMs, 0);
  assert.equal(figures.timeToResolveMs, minute);
  assert.equal(figures.detectionLeadMs, 13 * minute);
  assert.deepEqual(figures.rungs, { 'primary anthropic/claude': 21, 'fallback openai/gpt': 9 });
  assert.deepEqual(figures.fallbackAnswers, { count: 9, valid: 9 });
  assert.deepEqual(
    figures.buckets.map((bucket) => bucket.direct),
    [100, 0, 100],
  );
});

test('a duplicate alert and a missing one are both counted', () => {
  const figures = summarizeDrill(observations());
  assert.deepEqual(figures.alerts, { incidentEvents: 2, delivered: 2, distinctEvents: 1, duplicates: 1, missing: 1 });
});

test('without an incident there is no time to detect and no lead', () => {
  const figures = summarizeDrill({ ...observations(), incidentEvents: [], alertIds: [] });
  assert.equal(figures.timeToDetectMs, undefined);
  assert.equal(figures.detectionLeadMs, undefined);
});
