import { z } from 'zod';

/** Defaults of the cache settings. */
export const DEFAULT_CACHE = {
  stale_s: 86_400,
  threshold: 0.92,
  max_scan: 2000,
  memory_max_entries: 10_000,
  memory_max_bytes: 64 * 1024 * 1024,
} as const;

/** The rungs of the degradation ladder, in the order a route may list them. */
export const DEGRADE_RUNGS = ['stale-cache', 'rules', 'static', 'queued'] as const;

/** A route's cache: `routes[].cache`. */
export const routeCacheSchema = z
  .strictObject({
    ttl_s: z.int().min(0).describe('How long a stored answer is served as fresh, in seconds (0: never fresh).'),
    stale_s: z
      .int()
      .min(0)
      .default(DEFAULT_CACHE.stale_s)
      .describe(
        'Grace after expiry during which the stale-cache rung of degrade may still serve an entry, in seconds.',
      ),
    nondeterministic: z
      .boolean()
      .default(false)
      .describe(
        'Also cache requests that sample (temperature above 0 or absent, no seed); off by default because their answers are meant to vary.',
      ),
    coalesce: z.boolean().default(true).describe('Identical cacheable requests in flight share one upstream call.'),
    semantic: z
      .strictObject({
        threshold: z
          .number()
          .min(0)
          .max(1)
          .default(DEFAULT_CACHE.threshold)
          .describe('Least cosine similarity between the last user turns for a semantic hit.'),
        embeddings: z
          .strictObject({
            provider: z.string().min(1).describe('Id of a declared OpenAI-format provider that serves embeddings.'),
            model: z.string().min(1).describe('Embeddings model sent to that provider.'),
          })
          .describe('Where the embeddings of last user turns come from (through the gateway own adapters).'),
        max_scan: z
          .int()
          .min(1)
          .max(100_000)
          .default(DEFAULT_CACHE.max_scan)
          .describe('Most vectors compared per lookup (newest first): the bound of the linear scan.'),
      })
      .optional()
      .describe('Opt-in semantic cache: a request whose last user turn is near a cached one gets its answer.'),
  })
  .describe('Exact answer cache of this route (only deterministic requests unless nondeterministic is set).');

/** Route keys of the degradation ladder, spread into the route schema. */
export const routeDegradeFields = {
  degrade: z
    .array(z.enum(DEGRADE_RUNGS))
    .optional()
    .describe(
      'The degradation ladder, tried in order after every target failed: stale-cache (an expired entry within cache.stale_s), rules (rules_file), static (static_message), queued (a 202 and an async job that runs when a target is back).',
    ),
  rules_file: z
    .string()
    .min(1)
    .optional()
    .describe(
      'YAML file of rules (regex or keyword answers) and FAQ pairs for the rules rung; relative to the config file.',
    ),
  static_message: z
    .string()
    .min(1)
    .optional()
    .describe('The answer of the static rung, e.g. "Our assistant is unavailable; reply HUMAN to reach a person."'),
};

/** Process-wide cache settings: the top-level `cache` key. */
export const cacheSettingsSchema = z
  .strictObject({
    memory_max_entries: z
      .int()
      .min(0)
      .default(DEFAULT_CACHE.memory_max_entries)
      .describe('Most answers kept in the in-memory LRU in front of the SQLite store.'),
    memory_max_bytes: z
      .int()
      .min(0)
      .default(DEFAULT_CACHE.memory_max_bytes)
      .describe('Most bytes of answers kept in the in-memory LRU.'),
  })
  .default(() => ({
    memory_max_entries: DEFAULT_CACHE.memory_max_entries,
    memory_max_bytes: DEFAULT_CACHE.memory_max_bytes,
  }))
  .describe('The in-memory layer of the answer cache, shared by every route.');
