import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRouteServable } from './is-route-servable.ts';

test('a route with one available target is servable', () => {
  assert.equal(isRouteServable(['open', 'available']), true);
});

test('a half-open breaker that admits a probe makes the route servable', () => {
  assert.equal(isRouteServable(['open', 'probe']), true);
});

test('a route whose targets are all open, cooling down, disabled or saturated is not servable', () => {
  assert.equal(isRouteServable(['open', 'cooling-down', 'disabled', 'saturated']), false);
});

test('a route with no target is not servable', () => {
  assert.equal(isRouteServable([]), false);
});
