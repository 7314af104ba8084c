import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyBucket } from '../store/history/history-store.ts';
import { summarizeUptimeDays } from './summarize-uptime-days.ts';

const day = 86_400_000;
const nowMs = Date.UTC(2026, 2, 31, 15, 0);

function hour(startMs: number, counters: { ok?: number; error?: number; delivered_ok?: number }) {
  return { ...emptyBucket('anthropic', '', 'hour', startMs), ...counters };
}

test('buckets fall into 90 UTC days ending today, with both availability numbers per day and in total', () => {
  const today = Date.UTC(2026, 2, 31);
  const bar = summarizeUptimeDays({
    buckets: [
      hour(today + 3_600_000, { ok: 90, error: 10, delivered_ok: 100 }),
      hour(today - day, { ok: 100 }),
      hour(today - 120 * day, { error: 100 }),
    ],
    nowMs,
  });
  assert.equal(bar.days.length, 90);
  assert.equal(bar.days[89]?.dayStartMs, today);
  assert.equal(bar.days[89]?.provider, 0.9);
  assert.equal(bar.days[89]?.delivered, 1);
  assert.equal(bar.days[88]?.provider, 1);
  assert.equal(bar.days[88]?.delivered, null, 'no client request that day');
  assert.equal(bar.days[0]?.provider, null, 'no data is not downtime');
  assert.equal(bar.provider, 190 / 200, 'a bucket older than the bar does not count');
  assert.equal(bar.delivered, 1);
});
