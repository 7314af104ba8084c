import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './parse-duration.ts';

test('reads days, hours, minutes, seconds, weeks and bare seconds', () => {
  assert.equal(parseDuration('90d'), 7_776_000);
  assert.equal(parseDuration('12h'), 43_200);
  assert.equal(parseDuration('30m'), 1_800);
  assert.equal(parseDuration('45s'), 45);
  assert.equal(parseDuration('2w'), 1_209_600);
  assert.equal(parseDuration('600'), 600);
});

test('refuses what is not a positive duration', () => {
  for (const text of ['', 'd', '0d', '-1d', '1.5d', '3y', 'ninety days']) assert.equal(parseDuration(text), undefined);
});
