import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BusinessHours, isWithinBusinessHours, localTimeOf } from './is-within-business-hours.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function hours(timezone: string, overrides: Partial<BusinessHours> = {}): BusinessHours {
  return { timezone, days: weekdays, start: '09:00', end: '18:00', ...overrides };
}

test('reads the local day and minute in a time zone, daylight saving time included', () => {
  // 2026-07-01 is a Wednesday; Paris is UTC+2 in summer, New York UTC-4, Tokyo UTC+9.
  const at = Date.UTC(2026, 6, 1, 7, 30);
  assert.deepEqual(localTimeOf(at, 'Europe/Paris'), { day: 'wed', minute: 9 * 60 + 30 });
  assert.deepEqual(localTimeOf(at, 'America/New_York'), { day: 'wed', minute: 3 * 60 + 30 });
  assert.deepEqual(localTimeOf(at, 'Asia/Tokyo'), { day: 'wed', minute: 16 * 60 + 30 });
  // In winter Paris is UTC+1.
  assert.deepEqual(localTimeOf(Date.UTC(2026, 0, 7, 7, 30), 'Europe/Paris'), { day: 'wed', minute: 8 * 60 + 30 });
});

test('the same instant is inside business hours in Paris and outside in New York and Tokyo', () => {
  const at = Date.UTC(2026, 6, 1, 7, 30); // 09:30 Paris, 03:30 New York, 16:30 Tokyo
  assert.equal(isWithinBusinessHours(at, hours('Europe/Paris')), true);
  assert.equal(isWithinBusinessHours(at, hours('America/New_York')), false);
  assert.equal(isWithinBusinessHours(at, hours('Asia/Tokyo')), true);
  assert.equal(isWithinBusinessHours(at, hours('Asia/Tokyo', { end: '16:30' })), false);
});

test('start is included and end is excluded', () => {
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 1, 9, 0), hours('UTC')), true);
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 1, 8, 59), hours('UTC')), false);
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 1, 18, 0), hours('UTC')), false);
});

test('weekends are outside, by the local day: Friday evening in UTC is Saturday in Tokyo', () => {
  const fridayEveningUtc = Date.UTC(2026, 6, 3, 16, 0); // Friday 16:00 UTC = Saturday 01:00 Tokyo
  assert.equal(isWithinBusinessHours(fridayEveningUtc, hours('UTC')), true);
  assert.equal(isWithinBusinessHours(fridayEveningUtc, hours('Asia/Tokyo', { start: '00:00', end: '23:59' })), false);
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 4, 12, 0), hours('UTC')), false);
});

test('a span past midnight belongs to the day it starts on', () => {
  const night = hours('UTC', { start: '22:00', end: '06:00' });
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 3, 23, 0), night), true); // Friday 23:00
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 4, 5, 0), night), true); // Saturday 05:00, from Friday
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 5, 5, 0), night), false); // Sunday 05:00, from Saturday
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 6, 5, 0), night), false); // Monday 05:00, from Sunday
  assert.equal(isWithinBusinessHours(Date.UTC(2026, 6, 6, 12, 0), night), false);
});
