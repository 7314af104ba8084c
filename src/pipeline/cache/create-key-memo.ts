import { hash } from 'node:crypto';
import type { WireFormat } from '../../core/provider-adapter.ts';
import { type CacheKeyed, computeCacheKey } from './compute-cache-key.ts';

/** computeCacheKey with a small memory of recent bodies: the same bytes on the same route give the same key. */
export interface KeyMemo {
  /** The keyed request; throws like computeCacheKey when the body has no canonical form. */
  keyOf(options: { format: WireFormat; raw: Buffer; body: Record<string, unknown>; namespace: string }): CacheKeyed;
}

/**
 * Remembers the keys of the last `maxEntries` distinct bodies by a hash of their bytes, so a repeated request (the
 * cache-hit case) skips the canonical parse and normalisation; one native hash of the raw body instead.
 */
export function createKeyMemo(maxEntries = 1024): KeyMemo {
  const memo = new Map<string, CacheKeyed>();
  return {
    keyOf(options) {
      const id = `${options.format}\n${options.namespace}\n${hash('sha256', options.raw, 'base64')}`;
      const known = memo.get(id);
      if (known !== undefined) return known;
      const keyed = computeCacheKey(options);
      if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
      memo.set(id, keyed);
      return keyed;
    },
  };
}
