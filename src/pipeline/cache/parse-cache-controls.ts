import { OutlastError } from '../../errors/outlast-error.ts';

/** What the client asked of the cache. */
export interface CacheControls {
  /** `Cache-Control: no-cache`: do not answer from the cache, but store the new answer. */
  noCache: boolean;
  /** `Cache-Control: no-store`: neither answer from the cache nor store. */
  noStore: boolean;
  /** `Cache-Control: max-age=N`: accept only an entry younger than N seconds. */
  maxAgeS: number | undefined;
  /** `x-outlast-cache-ttl: N`: store the answer for N seconds instead of the route's ttl_s. */
  ttlS: number | undefined;
}

/** No client control: the route's settings apply. */
export const noControls: CacheControls = Object.freeze({
  noCache: false,
  noStore: false,
  maxAgeS: undefined,
  ttlS: undefined,
});

const digits = /^\d{1,10}$/;

/**
 * Reads `Cache-Control` (RFC 9111: unknown directives and malformed values are ignored) and `x-outlast-cache-ttl`
 * (our own header: a value that is not a whole number of seconds is the client's mistake, OUTLAST_INVALID_REQUEST).
 * Pure.
 */
export function parseCacheControls(cacheControl: string | undefined, ttl: string | undefined): CacheControls {
  if (cacheControl === undefined && ttl === undefined) return noControls;
  let noCache = false;
  let noStore = false;
  let maxAgeS: number | undefined;
  for (const raw of (cacheControl ?? '').split(',')) {
    const directive = raw.trim().toLowerCase();
    if (directive === 'no-cache') noCache = true;
    else if (directive === 'no-store') noStore = true;
    else if (directive.startsWith('max-age=')) {
      const value = directive.slice('max-age='.length).replace(/^"|"$/g, '');
      if (digits.test(value)) maxAgeS = Math.min(maxAgeS ?? Number.POSITIVE_INFINITY, Number(value));
    }
  }
  let ttlS: number | undefined;
  if (ttl !== undefined) {
    const value = ttl.trim();
    if (!digits.test(value)) {
      throw new OutlastError(
        'OUTLAST_INVALID_REQUEST',
        `Invalid \`x-outlast-cache-ttl\` header: expected a whole number of seconds, got '${value.slice(0, 40)}'.`,
        { param: 'x-outlast-cache-ttl' },
      );
    }
    ttlS = Number(value);
  }
  return { noCache, noStore, maxAgeS, ttlS };
}
