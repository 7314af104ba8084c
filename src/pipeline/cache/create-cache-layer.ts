import { randomUUID } from 'node:crypto';
import { readRulesFile } from '../../config/parse-rules-file.ts';
import type { OutlastConfig, RouteConfig } from '../../config/schema.ts';
import type { CanonicalResult } from '../../core/canonical.ts';
import type { CacheStatus, Dispatch, GatewayAnswer, GatewayRequest } from '../../core/gateway-request.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import type { CacheEntry, CacheStore, CacheVector } from '../../store/cache/cache-store.ts';
import { createRulesAnswerer, type RulesAnswerer } from '../degrade/answer-from-rules.ts';
import { events } from '../events.ts';
import { captureAnswer } from './capture-answer.ts';
import type { CacheKeyed } from './compute-cache-key.ts';
import { cosineSimilarity } from './cosine-similarity.ts';
import { createKeyMemo } from './create-key-memo.ts';
import { createMemoryLru } from './create-memory-lru.ts';
import { type CachingDecision, decideCaching } from './decide-caching.ts';
import { fetchEmbedding } from './fetch-embedding.ts';
import { type CacheControls, noControls, parseCacheControls } from './parse-cache-controls.ts';
import { type RenderedAnswer, renderCanonicalAnswer } from './render-canonical-answer.ts';

/** A stored answer: what `CacheEntry.value` holds as JSON. */
export interface CachedValue {
  /** The canonical answer (text, tool calls, finish reason, usage, upstream model). */
  result: CanonicalResult;
  /** Provider id of the target that produced it. */
  provider: string;
  /** Upstream model of that target. */
  model: string;
}

/** The answer cache, coalescing and degradation ladder wrapped around the attempt dispatch. */
export interface CacheLayer {
  /** The wrapped dispatch. */
  dispatch: Dispatch;
  /** Writes pending entries to the store now (they are otherwise batched off the hot path). */
  flush(): void;
  /** Flushes and closes the store. */
  close(): void;
}

/** Dependencies of the cache layer. */
export interface CacheLayerDeps {
  /** The dispatch it wraps (the attempt loop). */
  inner: Dispatch;
  /** The config in force (read once per request). */
  config: () => OutlastConfig;
  /** Where entries and vectors persist. */
  store: CacheStore;
  /** Clock in ms. */
  now: () => number;
  /** Delay of the write-behind batch, in ms. */
  flushDelayMs?: number;
  /**
   * The `queued` rung: turns the request into an async job and gives the 202 answer; undefined (or returning
   * undefined) when jobs are not served. Read per request (the jobs service starts after the gateway).
   */
  queue?: () => ((request: GatewayRequest) => GatewayAnswer | undefined) | undefined;
}

/** Codes of a dispatch that failed because upstream did: the only failures the ladder answers. */
const upstreamCodes: ReadonlySet<string> = new Set([
  'OUTLAST_UPSTREAM_FAILED',
  'OUTLAST_UPSTREAM_OVERLOADED',
  'OUTLAST_UPSTREAM_UNREACHABLE',
  'OUTLAST_UPSTREAM_TIMEOUT',
  'OUTLAST_NO_HEALTHY_TARGET',
  'OUTLAST_RATE_LIMITED',
]);

/** True when every target failed (never for a client's mistake or a defect). */
export function isUpstreamFailure(error: unknown): boolean {
  return OutlastError.isOutlastError(error) && upstreamCodes.has(error.code);
}

interface Held {
  entry: CacheEntry;
  value: CachedValue;
}

type Shared = { kind: 'result'; value: CachedValue } | { kind: 'error'; error: unknown } | { kind: 'none' };

const purgeEveryMs = 60_000;
const bypassDecision: CachingDecision = { lookup: false, store: false, ttlS: 0, reason: 'no-cache-configured' };

function clientGone(): OutlastError {
  return new OutlastError('OUTLAST_INTERNAL', 'The client went away.', { shouldRetry: false });
}

/** Resolves with the promise, or rejects as soon as the client goes away (the shared call goes on for the others). */
function untilAborted<Value>(promise: Promise<Value>, signal: AbortSignal): Promise<Value> {
  if (signal.aborted) return Promise.reject(clientGone());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(clientGone());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Wraps the attempt dispatch with the exact and semantic answer cache, request coalescing and the degradation
 * ladder (docs/caching.md). Only chat and messages requests on a route with `cache` or `degrade` pass through it;
 * everything else goes straight to the inner dispatch.
 */
export function createCacheLayer(deps: CacheLayerDeps): CacheLayer {
  const { inner, store, now } = deps;
  const settings = deps.config().cache;
  const lru = createMemoryLru<Held>({ maxEntries: settings.memory_max_entries, maxBytes: settings.memory_max_bytes });
  const pending = new Map<string, CacheEntry>();
  let pendingVectors: CacheVector[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let lastPurgeMs = now();
  const inflight = new Map<string, Promise<Shared>>();
  const keys = createKeyMemo();
  const renderings = new WeakMap<CachedValue, Map<string, { second: number; rendered: RenderedAnswer }>>();
  const routesByConfig = new WeakMap<OutlastConfig, Map<string, RouteConfig>>();
  const rulesByRoute = new WeakMap<RouteConfig, RulesAnswerer | null>();

  function routeOf(config: OutlastConfig, model: string): RouteConfig | undefined {
    let routes = routesByConfig.get(config);
    if (routes === undefined) {
      routes = new Map(config.routes.map((route) => [route.model, route]));
      routesByConfig.set(config, routes);
    }
    return routes.get(model);
  }

  function rulesOf(route: RouteConfig): RulesAnswerer | undefined {
    if (route.rules_file === undefined) return undefined;
    let answerer = rulesByRoute.get(route);
    if (answerer === undefined) {
      // Validated at config load; read once per loaded config, off the hot path (only when the ladder runs).
      const read = readRulesFile(route.rules_file);
      answerer = read.ok ? createRulesAnswerer(read.rules) : null;
      rulesByRoute.set(route, answerer);
    }
    return answerer ?? undefined;
  }

  function flush(): void {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    const entries = [...pending.values()];
    const vectors = pendingVectors;
    pendingVectors = [];
    pending.clear();
    // The cache is an optimisation: a store that cannot be written (disk full, locked) loses this batch, not requests.
    try {
      store.putMany(entries);
      store.putVectors(vectors);
      const nowMs = now();
      if (nowMs - lastPurgeMs >= purgeEveryMs) {
        lastPurgeMs = nowMs;
        store.purge(nowMs);
      }
    } catch {
      // The entries stay in the memory LRU; the next batch tries again.
    }
  }

  function scheduleFlush(): void {
    if (flushTimer !== undefined) return;
    flushTimer = setTimeout(flush, deps.flushDelayMs ?? 20);
    flushTimer.unref();
  }

  function read(key: string): Held | undefined {
    const held = lru.get(key);
    if (held !== undefined) return held;
    try {
      const entry = pending.get(key) ?? store.get(key);
      if (entry === undefined) return undefined;
      const value = JSON.parse(entry.value) as CachedValue;
      const loaded = { entry, value };
      lru.set(key, loaded, entry.value.length);
      return loaded;
    } catch {
      return undefined; // an unreadable store or entry is a miss, never a failed request
    }
  }

  function isFresh(held: Held, controls: CacheControls, nowMs: number): boolean {
    if (nowMs >= held.entry.expiresAtMs) return false;
    return controls.maxAgeS === undefined || nowMs - held.entry.storedAtMs <= controls.maxAgeS * 1000;
  }

  function save(options: {
    keyed: CacheKeyed;
    namespace: string;
    route: NonNullable<RouteConfig['cache']>;
    ttlS: number;
    value: CachedValue;
  }): void {
    const nowMs = now();
    const expiresAtMs = nowMs + options.ttlS * 1000;
    const text = JSON.stringify(options.value);
    const entry: CacheEntry = {
      key: options.keyed.key,
      namespace: options.namespace,
      value: text,
      storedAtMs: nowMs,
      expiresAtMs,
      staleUntilMs: expiresAtMs + options.route.stale_s * 1000,
    };
    pending.set(entry.key, entry);
    lru.set(entry.key, { entry, value: options.value }, text.length);
    scheduleFlush();
  }

  function saveVector(namespace: string, keyed: CacheKeyed, vector: Float32Array): void {
    pendingVectors.push({ namespace, key: keyed.key, contextHash: keyed.contextHash, vector, storedAtMs: now() });
    scheduleFlush();
  }

  /**
   * The rendering of a stored answer for this client, reused by the hits of the same second (OpenAI bodies carry
   * `created` in seconds; Anthropic bodies carry no time), so a hot entry is serialized once, not per hit.
   */
  function renderFor(request: GatewayRequest, value: CachedValue): RenderedAnswer {
    const options = request.body.stream_options as { include_usage?: unknown } | undefined;
    const includeUsage = options?.include_usage === true;
    const nowMs = now();
    const second = request.format === 'openai' ? Math.floor(nowMs / 1000) : 0;
    const slot = `${request.format}|${request.stream}|${includeUsage}`;
    let byValue = renderings.get(value);
    if (byValue === undefined) {
      byValue = new Map();
      renderings.set(value, byValue);
    }
    const known = byValue.get(slot);
    if (known !== undefined && known.second === second) return known.rendered;
    const rendered = renderCanonicalAnswer({
      result: value.result,
      format: request.format,
      stream: request.stream,
      includeUsage,
      nowMs,
    });
    byValue.set(slot, { second, rendered });
    return rendered;
  }

  function answerFrom(
    request: GatewayRequest,
    value: CachedValue,
    marks: { cache: CacheStatus; cacheSimilarity?: number; degraded?: string },
  ): GatewayAnswer {
    const rendered = renderFor(request, value);
    const answer: GatewayAnswer = {
      status: 200,
      headers: { 'content-type': rendered.contentType },
      body: rendered.body,
      prefix: [],
      stream: request.stream,
      provider: value.provider,
      model: value.model,
      attempts: 0,
      fallback: false,
      cache: marks.cache,
    };
    if (marks.cacheSimilarity !== undefined) answer.cacheSimilarity = marks.cacheSimilarity;
    if (marks.degraded !== undefined) answer.degraded = marks.degraded;
    return answer;
  }

  function synthesized(route: RouteConfig, text: string): CachedValue {
    return {
      provider: 'outlast',
      model: route.model,
      result: {
        id: `degraded-${randomUUID()}`,
        model: route.model,
        content: [{ type: 'text', text }],
        finishReason: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      },
    };
  }

  /** The degradation ladder: the first rung that has an answer gives it; undefined when none does. */
  function degrade(
    route: RouteConfig,
    request: GatewayRequest,
    keyed: CacheKeyed | undefined,
    controls: CacheControls,
  ): GatewayAnswer | undefined {
    for (const rung of route.degrade ?? []) {
      if (rung === 'stale-cache') {
        if (route.cache === undefined || keyed === undefined || controls.noStore) continue;
        const held = read(keyed.key);
        if (held !== undefined && now() < held.entry.staleUntilMs) {
          return answerFrom(request, held.value, { cache: 'stale', degraded: 'stale-cache' });
        }
      } else if (rung === 'rules') {
        if (keyed === undefined || keyed.lastUserText === '') continue;
        const found = rulesOf(route)?.answer(keyed.lastUserText);
        if (found !== undefined) {
          return answerFrom(request, synthesized(route, found.text), { cache: 'bypass', degraded: 'rules' });
        }
      } else if (rung === 'queued') {
        const queued = deps.queue?.()?.(request);
        if (queued !== undefined) return { ...queued, cache: 'bypass', degraded: 'queued' };
      } else if (route.static_message !== undefined) {
        return answerFrom(request, synthesized(route, route.static_message), { cache: 'bypass', degraded: 'static' });
      }
    }
    return undefined;
  }

  async function semanticLookup(options: {
    request: GatewayRequest;
    route: NonNullable<RouteConfig['cache']>;
    keyed: CacheKeyed;
    namespace: string;
    controls: CacheControls;
  }): Promise<{ vector: Float32Array | undefined; hit: GatewayAnswer | undefined }> {
    const semantic = options.route.semantic;
    if (semantic === undefined || options.keyed.lastUserText === '') return { vector: undefined, hit: undefined };
    const vector = await fetchEmbedding({
      dispatch: inner,
      embeddings: semantic.embeddings,
      text: options.keyed.lastUserText,
      requestId: options.request.requestId,
      signal: options.request.signal,
    });
    if (vector === undefined) return { vector, hit: undefined };
    const scope = { namespace: options.namespace, contextHash: options.keyed.contextHash };
    const candidates = pendingVectors.filter(
      (v) => v.namespace === scope.namespace && v.contextHash === scope.contextHash,
    );
    try {
      candidates.push(...store.listVectors({ ...scope, limit: semantic.max_scan }));
    } catch {
      // an unreadable store: only the vectors not yet written are compared
    }
    let best: { key: string; similarity: number } | undefined;
    for (const candidate of candidates) {
      const similarity = cosineSimilarity(vector, candidate.vector);
      if (similarity >= semantic.threshold && (best === undefined || similarity > best.similarity)) {
        best = { key: candidate.key, similarity };
      }
    }
    if (best === undefined) return { vector, hit: undefined };
    const held = read(best.key);
    if (held === undefined || held.entry.namespace !== options.namespace || !isFresh(held, options.controls, now())) {
      return { vector, hit: undefined };
    }
    const hit = answerFrom(options.request, held.value, { cache: 'semantic-hit', cacheSimilarity: best.similarity });
    return { vector, hit };
  }

  /** Calls upstream and tees a storable answer into the cache (and to the followers of a coalesced call). */
  async function fetchAndStore(options: {
    request: GatewayRequest;
    route: NonNullable<RouteConfig['cache']>;
    keyed: CacheKeyed;
    namespace: string;
    decision: CachingDecision;
    vector: Float32Array | undefined;
    share: ((shared: Shared) => void) | undefined;
  }): Promise<GatewayAnswer> {
    const { request, keyed, share } = options;
    let answer: GatewayAnswer;
    try {
      answer = await inner(request);
    } catch (error) {
      share?.({ kind: 'error', error });
      throw error;
    }
    const captured = captureAnswer(answer, request.format);
    captured.result.then((result) => {
      if (result === undefined) {
        share?.({ kind: 'none' });
        return;
      }
      const value: CachedValue = { result, provider: answer.provider, model: answer.model };
      save({ keyed, namespace: options.namespace, route: options.route, ttlS: options.decision.ttlS, value });
      share?.({ kind: 'result', value });
      const semantic = options.route.semantic;
      if (semantic === undefined || keyed.lastUserText === '') return;
      if (options.vector !== undefined) {
        saveVector(options.namespace, keyed, options.vector);
        return;
      }
      fetchEmbedding({
        dispatch: inner,
        embeddings: semantic.embeddings,
        text: keyed.lastUserText,
        requestId: request.requestId,
        signal: new AbortController().signal,
      }).then((vector) => {
        if (vector !== undefined) saveVector(options.namespace, keyed, vector);
      });
    });
    return { ...captured.answer, cache: answer.status === 200 ? 'miss' : 'bypass' };
  }

  async function dispatchCached(request: GatewayRequest): Promise<GatewayAnswer> {
    if (request.operation !== 'chat' && request.operation !== 'messages') return inner(request);
    const route = routeOf(deps.config(), request.model);
    if (route === undefined || (route.cache === undefined && route.degrade === undefined)) return inner(request);
    const answer = await serve(request, route);
    if (route.cache !== undefined && events.cacheLookup.hasSubscribers) {
      const status = answer.cache ?? 'bypass';
      events.cacheLookup.publish({
        requestId: request.requestId,
        route: route.model,
        status,
        ...(answer.cacheSimilarity === undefined ? {} : { similarity: answer.cacheSimilarity }),
      });
    }
    return answer;
  }

  async function serve(request: GatewayRequest, route: RouteConfig): Promise<GatewayAnswer> {
    // The client key prefixes the namespace once keys are enforced, so answers never cross keys or routes.
    const namespace = request.client === undefined ? route.model : `${request.client.keyId}/${route.model}`;
    let keyed: CacheKeyed | undefined;
    try {
      keyed = keys.keyOf({ format: request.format, raw: request.raw, body: request.body, namespace });
    } catch {
      keyed = undefined; // untranslatable input: served upstream as is, never cached
    }
    const controls =
      route.cache === undefined ? noControls : parseCacheControls(request.cacheControl, request.cacheTtl);
    const decision =
      route.cache === undefined || keyed === undefined
        ? bypassDecision
        : decideCaching({ request: keyed.request, extras: keyed.extras, controls, route: route.cache });
    try {
      if (route.cache === undefined || keyed === undefined || (!decision.lookup && !decision.store)) {
        return await inner(request);
      }
      const cache = route.cache;
      if (decision.lookup) {
        const held = read(keyed.key);
        if (held !== undefined && isFresh(held, controls, now()))
          return answerFrom(request, held.value, { cache: 'hit' });
      }
      let vector: Float32Array | undefined;
      if (decision.lookup && cache.semantic !== undefined) {
        const semantic = await semanticLookup({ request, route: cache, keyed, namespace, controls });
        if (semantic.hit !== undefined) return semantic.hit;
        vector = semantic.vector;
      }
      if (!decision.store) return { ...(await inner(request)), cache: 'bypass' };
      const base = { request, route: cache, keyed, namespace, decision, vector };
      if (!cache.coalesce) return await fetchAndStore({ ...base, share: undefined });
      const leading = inflight.get(keyed.key);
      if (leading !== undefined) {
        const shared = await untilAborted(leading, request.signal);
        if (shared.kind === 'result') return answerFrom(request, shared.value, { cache: 'hit' });
        if (shared.kind === 'error') throw shared.error;
        return await fetchAndStore({ ...base, share: undefined });
      }
      let release: (shared: Shared) => void = () => {};
      const promise = new Promise<Shared>((resolve) => {
        release = resolve;
      });
      inflight.set(keyed.key, promise);
      const share = (shared: Shared) => {
        if (inflight.get(keyed.key) === promise) inflight.delete(keyed.key);
        release(shared);
      };
      return await fetchAndStore({ ...base, share });
    } catch (error) {
      if (!isUpstreamFailure(error) || route.degrade === undefined) throw error;
      const degraded = degrade(route, request, keyed, controls);
      if (degraded === undefined) throw error;
      if (events.requestDegrade.hasSubscribers) {
        const code = (error as OutlastError).code;
        events.requestDegrade.publish({
          requestId: request.requestId,
          route: route.model,
          rung: degraded.degraded,
          code,
        });
      }
      return degraded;
    }
  }

  return {
    dispatch: dispatchCached,
    flush,
    close() {
      flush();
      store.close();
    },
  };
}
