import type { OutlastConfig } from './config/schema.ts';
import type { Dispatch } from './core/gateway-request.ts';
import { createAttemptDispatch } from './pipeline/dispatch-attempts.ts';
import { createRuntime, type Runtime } from './pipeline/runtime.ts';

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
  /** Closes upstream connection pools (after in-flight requests). */
  close(): Promise<void>;
}

/** Injected dependencies. */
export interface GatewayDeps {
  /** Clock in ms (tests inject a fake one). */
  now?: () => number;
}

/** Wires a gateway from a validated config. */
export function createGateway(config: OutlastConfig, deps: GatewayDeps = {}): Gateway {
  const now = deps.now ?? Date.now;
  let runtime: Runtime = createRuntime(config).runtime;
  const retiring = new Set<Promise<void>>();
  const dispatch = createAttemptDispatch({ runtime: () => runtime, now });
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
    async close() {
      await Promise.allSettled([...runtime.adapters.values()].map((adapter) => adapter.close()));
      await Promise.allSettled([...retiring]);
    },
  };
}
