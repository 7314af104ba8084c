import type { CanonicalRequest } from '../../core/canonical.ts';
import type { CacheControls } from './parse-cache-controls.ts';

/** What the cache does for one request. */
export interface CachingDecision {
  /** Look the answer up before calling upstream. */
  lookup: boolean;
  /** Store a successful complete answer. */
  store: boolean;
  /** Time to live of a stored answer, in seconds. */
  ttlS: number;
  /** Why, in a word, for logs and docs: `deterministic`, `route-opt-in`, `sampling`, `no-store`, `no-cache`. */
  reason: string;
}

/**
 * True when the answer is meant to be reproducible: temperature 0, greedy top-k (1), or a `seed`. An absent
 * temperature is the vendors' default (1.0 for OpenAI and Anthropic), so it samples. Pure.
 */
export function isDeterministic(request: CanonicalRequest, extras: Readonly<Record<string, unknown>>): boolean {
  if (request.temperature === 0 || request.topK === 1) return true;
  return typeof extras.seed === 'number';
}

/**
 * The cache decision of a request on a route with a cache: deterministic requests (or all, when the route opts in
 * with `nondeterministic`) are looked up and stored; `no-store` does neither, `no-cache` stores without lookup;
 * `x-outlast-cache-ttl` replaces the route's TTL, and a TTL of 0 stores nothing. Pure.
 */
export function decideCaching(options: {
  request: CanonicalRequest;
  extras: Readonly<Record<string, unknown>>;
  controls: CacheControls;
  route: { ttl_s: number; nondeterministic: boolean };
}): CachingDecision {
  const { controls, route } = options;
  const ttlS = controls.ttlS ?? route.ttl_s;
  const deterministic = isDeterministic(options.request, options.extras);
  if (!deterministic && !route.nondeterministic) return { lookup: false, store: false, ttlS, reason: 'sampling' };
  if (controls.noStore) return { lookup: false, store: false, ttlS, reason: 'no-store' };
  const reason = deterministic ? 'deterministic' : 'route-opt-in';
  if (controls.noCache) return { lookup: false, store: ttlS > 0, ttlS, reason: 'no-cache' };
  return { lookup: true, store: ttlS > 0, ttlS, reason };
}
