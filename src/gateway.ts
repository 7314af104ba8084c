import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { OutlastConfig } from './config/schema.ts';
import type { Dispatch } from './core/gateway-request.ts';
import { createCacheLayer } from './pipeline/cache/create-cache-layer.ts';
import { createAttemptDispatch } from './pipeline/dispatch-attempts.ts';
import { createRuntime, type Runtime } from './pipeline/runtime.ts';
import { createTargetRegistry, type TargetView } from './pipeline/target-registry.ts';
import { openCacheStore } from './store/cache/open-cache-store.ts';

/** One model as listed by `GET /v1/models`. */
export interface ListedModel {
  /** The name a client sends. */
  id: string;
  /** `outlast` for a route, else the provider id. */
  ownedBy: string;
}

/** The wired gateway: what the HTTP server and the CLI use. No I/O happens at import. */
export interface Gateway {
  /** The request pipeline. */
  dispatch: Dispatch;
  /** The config in force. */
  config(): OutlastConfig;
  /** Swaps in a new config; in-flight requests finish on the old one; unchanged providers keep their connections. */
  reload(config: OutlastConfig): void;
  /** Models clients may ask for: every route, and every provider model listed without a wildcard. */
  listModels(): ListedModel[];
  /** Health, breaker, cool-down and budget of every target used so far (`GET /admin/api/targets`). */
  targets(): TargetView[];
  /** Operator action: takes a disabled or open target back into service; false when unknown. */
  resetTarget(provider: string, model: string): boolean;
  /** Closes upstream connection pools (after in-flight requests). */
  close(): Promise<void>;
}

/** Injected dependencies. */
export interface GatewayDeps {
  /** Clock in ms (tests inject a fake one). */
  now?: () => number;
  /** Uniform source in [0, 1) for jitter and balancing. */
  random?: () => number;
  /** Waits `ms` or rejects when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Directory of the SQLite files (the answer cache lives in `cache.db`); in memory when absent. */
  dataDir?: string | undefined;
}

const realSleep = (ms: number, signal: AbortSignal): Promise<void> => sleepTimer(ms, undefined, { signal });

/** Wires a gateway from a validated config. */
export function createGateway(config: OutlastConfig, deps: GatewayDeps = {}): Gateway {
  const now = deps.now ?? Date.now;
  let runtime: Runtime = createRuntime(config).runtime;
  const retiring = new Set<Promise<void>>();
  const random = deps.random ?? Math.random;
  const registry = createTargetRegistry({ now, random });
  const attemptDispatch = createAttemptDispatch({
    runtime: () => runtime,
    registry,
    now,
    random,
    sleep: deps.sleep ?? realSleep,
  });
  const cacheLayer = createCacheLayer({
    inner: attemptDispatch,
    config: () => runtime.config,
    store: openCacheStore(deps.dataDir),
    now,
  });
  const dispatch = cacheLayer.dispatch;
  return {
    dispatch,
    config: () => runtime.config,
    reload(next) {
      const built = createRuntime(next, runtime);
      runtime = built.runtime;
      for (const adapter of built.retired) {
        const closing = adapter.close().finally(() => retiring.delete(closing));
        retiring.add(closing);
      }
    },
    listModels() {
      const models: ListedModel[] = runtime.config.routes.map((route) => ({ id: route.model, ownedBy: 'outlast' }));
      const seen = new Set(models.map((model) => model.id));
      for (const provider of runtime.config.providers) {
        for (const name of provider.models) {
          if (name.includes('*') || seen.has(name)) continue;
          seen.add(name);
          models.push({ id: name, ownedBy: provider.id });
        }
      }
      return models;
    },
    targets: () => registry.list(),
    resetTarget: (provider, model) => registry.reset(provider, model),
    async close() {
      await Promise.allSettled([...runtime.adapters.values()].map((adapter) => adapter.close()));
      await Promise.allSettled([...retiring]);
      cacheLayer.close();
    },
  };
}
