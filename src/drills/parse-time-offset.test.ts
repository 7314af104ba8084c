import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDurationMs, parseTimeOffset } from './parse-time-offset.ts';

const start = Date.UTC(2026, 2, 2, 11, 30);

test('offsets like +5m, +1h30m and +90s are measured from the start', () => {
  assert.equal(parseTimeOffset('+5m', start), 300_000);
  assert.equal(parseTimeOffset('+1h30m', start), 5_400_000);
  assert.equal(parseTimeOffset('+90s', start), 90_000);
  assert.equal(parseTimeOffset('+', start), undefined);
  assert.equal(parseDurationMs(''), undefined);
  assert.equal(parseDurationMs('10h30m'), 37_800_000);
});

test('a time of day is on the start day, or the next day when earlier than the start', () => {
  assert.equal(parseTimeOffset('11:49', start), 19 * 60_000);
  assert.equal(parseTimeOffset('11:49:30', start), 19 * 60_000 + 30_000);
  assert.equal(parseTimeOffset('01:00', start), (24 * 60 - 630) * 60_000);
  assert.equal(parseTimeOffset('25:00', start), undefined);
  assert.equal(parseTimeOffset('noon', start), undefined);
});

test('a time of day is never before the start nor a day or more after it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hours, minutes) => {
      const text = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
      const offset = parseTimeOffset(text, start);
      return offset !== undefined && offset >= 0 && offset < 86_400_000;
    }),
  );
});
