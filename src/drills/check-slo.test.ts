import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missedSlos, parseSlo } from './check-slo.ts';
import { summarizeDrill } from './summarize-drill.ts';

const figures = summarizeDrill({
  startMs: 0,
  durationMs: 60_000,
  faultWindows: [],
  primaryOutage: false,
  primaryProvider: 'anthropic',
  primaryTarget: 'anthropic/claude',
  samples: [true, true, true, false].map((ok, index) => ({
    atMs: index * 1000,
    path: 'outlast' as const,
    kind: 'anthropic' as const,
    ok,
    status: ok ? 200 : 503,
    latencyMs: 5,
    servedBy: ok ? 'anthropic/claude' : undefined,
    fallback: false,
    degraded: undefined,
    valid: ok,
    error: undefined,
  })),
  incidentEvents: [],
  alertIds: [],
  vendorSeenOffsetMs: undefined,
});

test('--slo availability=99.9 is missed at 75% delivered and met at 75', () => {
  const strict = parseSlo('availability=99.9');
  const loose = parseSlo('availability=75');
  assert.ok(strict.ok && loose.ok);
  assert.equal(figures.availability.outlast, 75);
  assert.equal(missedSlos(figures, [strict.slo]).length, 1);
  assert.deepEqual(missedSlos(figures, [loose.slo]), []);
});

test('a time to detect that was not measured misses its SLO', () => {
  const slo = parseSlo('time_to_detect_s=60');
  assert.ok(slo.ok);
  assert.match(missedSlos(figures, [slo.slo])[0] ?? '', /not measured/);
});

test('an unknown SLO key or a value that is not a number is a usage error naming it', () => {
  const unknown = parseSlo('uptime=99');
  assert.ok(!unknown.ok);
  assert.match(unknown.error, /uptime=99: use one of availability/);
  const nan = parseSlo('availability=high');
  assert.ok(!nan.ok);
  assert.match(nan.error, /not a number/);
});
