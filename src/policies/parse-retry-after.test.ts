import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseGoDurationMs, parseRateLimitWaitMs, parseRetryAfterMs } from './parse-retry-after.ts';

const now = Date.parse('2026-03-02T12:00:00Z');

test('prefers retry-after-ms over retry-after', () => {
  assert.equal(parseRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now), 250);
});

test('reads retry-after as seconds', () => {
  assert.equal(parseRetryAfterMs({ 'retry-after': '3' }, now), 3000);
});

test('reads retry-after as an HTTP date', () => {
  assert.equal(parseRetryAfterMs({ 'retry-after': new Date(now + 4000).toUTCString() }, now), 4000);
});

test('ignores rate-limit reset headers as a retry hint', () => {
  assert.equal(parseRetryAfterMs({ 'x-ratelimit-reset-requests': '6m0s' }, now), undefined);
});

test('reads OpenAI Go-duration resets for a rate-limit wait and takes the earliest', () => {
  assert.equal(
    parseRateLimitWaitMs({ 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-reset-tokens': '1.5s' }, now),
    1500,
  );
});

test('gives undefined when nothing usable is there', () => {
  assert.equal(parseRetryAfterMs({ 'retry-after': 'soon' }, now), undefined);
  assert.equal(parseRetryAfterMs({}, now), undefined);
});

test('parses every Go duration it prints back to the same number of ms', () => {
  fc.assert(
    fc.property(fc.nat(23), fc.nat(59), fc.nat(59), fc.nat(999), (hours, minutes, seconds, ms) => {
      const text = `${hours}h${minutes}m${seconds}s${ms}ms`;
      assert.equal(parseGoDurationMs(text), ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms);
    }),
  );
});

test('refuses text that is not a duration', () => {
  assert.equal(parseGoDurationMs('6 minutes'), undefined);
  assert.equal(parseGoDurationMs(''), undefined);
});
