import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CanonicalRequest } from '../../core/canonical.ts';
import { decideCaching, isDeterministic } from './decide-caching.ts';
import { noControls, parseCacheControls } from './parse-cache-controls.ts';

const base: CanonicalRequest = { model: 'm', system: [], messages: [], stream: false };
const route = { ttl_s: 60, nondeterministic: false };

test('temperature 0, top_k 1 or a seed are deterministic; an absent or positive temperature is not', () => {
  assert.equal(isDeterministic({ ...base, temperature: 0 }, {}), true);
  assert.equal(isDeterministic({ ...base, temperature: 0.7, topK: 1 }, {}), true);
  assert.equal(isDeterministic({ ...base, temperature: 1 }, { seed: 7 }), true);
  assert.equal(isDeterministic(base, {}), false);
  assert.equal(isDeterministic({ ...base, temperature: 1 }, {}), false);
});

test('a sampling request bypasses the cache unless the route opts in', () => {
  const request = { ...base, temperature: 1 };
  assert.deepEqual(decideCaching({ request, extras: {}, controls: noControls, route }), {
    lookup: false,
    store: false,
    ttlS: 60,
    reason: 'sampling',
  });
  const optIn = decideCaching({
    request,
    extras: {},
    controls: noControls,
    route: { ...route, nondeterministic: true },
  });
  assert.equal(optIn.lookup && optIn.store, true);
});

test('no-store neither looks up nor stores; no-cache stores without lookup', () => {
  const request = { ...base, temperature: 0 };
  const noStore = decideCaching({ request, extras: {}, controls: parseCacheControls('no-store', undefined), route });
  assert.equal(noStore.lookup || noStore.store, false);
  const noCache = decideCaching({ request, extras: {}, controls: parseCacheControls('no-cache', undefined), route });
  assert.deepEqual([noCache.lookup, noCache.store], [false, true]);
});

test('x-outlast-cache-ttl replaces the route TTL, and 0 stores nothing', () => {
  const request = { ...base, temperature: 0 };
  assert.equal(decideCaching({ request, extras: {}, controls: parseCacheControls(undefined, '5'), route }).ttlS, 5);
  assert.equal(
    decideCaching({ request, extras: {}, controls: parseCacheControls(undefined, '0'), route }).store,
    false,
  );
});

test('Cache-Control directives are read case-insensitively and malformed ones ignored', () => {
  assert.deepEqual(parseCacheControls('No-Cache, max-age=30, max-age=abc, private', undefined), {
    noCache: true,
    noStore: false,
    maxAgeS: 30,
    ttlS: undefined,
  });
});

test('an x-outlast-cache-ttl that is not whole seconds is the client mistake, naming the header', () => {
  assert.throws(() => parseCacheControls(undefined, '1.5'), {
    code: 'OUTLAST_INVALID_REQUEST',
    param: 'x-outlast-cache-ttl',
  });
  assert.throws(() => parseCacheControls(undefined, '-1'), { code: 'OUTLAST_INVALID_REQUEST' });
});
