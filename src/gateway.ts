import { join } from 'node:path';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import { type AlertManager, createAlertManager } from './alerts/create-alert-manager.ts';
import type { sendOutboundRequest } from './alerts/outbound-request.ts';
import { type Chaos, createChaos } from './chaos/create-chaos.ts';
import type { OutlastConfig } from './config/schema.ts';
import type { Dispatch, GatewayAnswer, GatewayRequest } from './core/gateway-request.ts';
import type { ProviderAdapter, WireFormat } from './core/provider-adapter.ts';
import type { Monitor } from './monitor/create-monitor.ts';
import { createCacheLayer } from './pipeline/cache/create-cache-layer.ts';
import { createAttemptDispatch } from './pipeline/dispatch-attempts.ts';
import { createRelay, type RelayAnswer, type RelayCall } from './pipeline/relay/create-relay.ts';
import { createResourcePins } from './pipeline/relay/create-resource-pins.ts';
import { findCitedFiles } from './pipeline/relay/find-cited-files.ts';
import { resolveTargets } from './pipeline/resolve-targets.ts';
import { createResponsesLedger, type ResponsesLedger } from './pipeline/responses/create-responses-ledger.ts';
import { createRuntime, type Runtime } from './pipeline/runtime.ts';
import { createTargetRegistry, type TargetRegistry, type TargetView } from './pipeline/target-registry.ts';
import type { TargetAvailability } from './policies/target-state.ts';
import type { AlertsStore } from './store/alerts/alerts-store.ts';
import { createMemoryAlertsStore } from './store/alerts/memory-alerts-store.ts';
import { openCacheStore } from './store/cache/open-cache-store.ts';
import { createMemoryResponsesStore } from './store/responses/memory-responses-store.ts';
import { createSqliteResponsesStore } from './store/responses/sqlite-responses-store.ts';
import { withRecentContexts } from './store/responses/with-recent-contexts.ts';

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
  /** Availability now of each target a request for `model` would be planned on; undefined when nothing serves it. */
  routeAvailability(model: string, format: WireFormat): TargetAvailability[] | undefined;
  /** The Responses answers the gateway keeps (`GET`/`DELETE /v1/responses/{id}`). */
  responses: Pick<ResponsesLedger, 'retrieve' | 'inputItems' | 'remove'>;
  /** Alerts: feed incident events to `alerts.sink`; deliveries for the admin API. */
  alerts: AlertManager;
  /** The `queued` rung of the degradation ladder: how a request becomes an async job (serveGateway sets it). */
  setDegradeQueue(queue: ((request: GatewayRequest) => GatewayAnswer | undefined) | undefined): void;
  /** Closes upstream connection pools (after in-flight requests). */
  close(): Promise<void>;
  /** The per-target health shared by every request (the monitor reads it and tells its events apart by it). */
  registry: TargetRegistry;
  /** The adapter of a provider in the config in force (monitor probes). */
  adapterFor(provider: string): ProviderAdapter | undefined;
  /** The monitor, when serveGateway runs one (`monitoring.enabled`). */
  monitor?: Monitor | undefined;
  /** Chaos mode: faults injected into upstream attempts (`/admin/api/faults`). */
  chaos: Chaos;
  /** Relays a request for another path of a vendor's API (files, batches...) to that vendor's providers. */
  relay(call: RelayCall): Promise<RelayAnswer>;
}

/** Injected dependencies. */
export interface GatewayDeps {
  /** Clock in ms (tests inject a fake one). */
  now?: () => number;
  /** Uniform source in [0, 1) for jitter and balancing. */
  random?: () => number;
  /** Waits `ms` or rejects when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Directory of the SQLite files; without one, state is kept in memory. */
  dataDir?: string | undefined;
  /** Delivery state of alerts (SQLite under the data directory in serveGateway; in memory by default). */
  alertsStore?: AlertsStore;
  /** Sends the alerts' HTTP requests (serveGateway passes one behind the SSRF guard). */
  alertsSend?: typeof sendOutboundRequest | undefined;
  /** Logs a defect (alert delivery given up), never a secret. */
  logError?: (message: string, fields: Record<string, unknown>) => void;
}

const realSleep = (ms: number, signal: AbortSignal): Promise<void> => sleepTimer(ms, undefined, { signal });

/** Wires a gateway from a validated config. */
export function createGateway(config: OutlastConfig, deps: GatewayDeps = {}): Gateway {
  const now = deps.now ?? Date.now;
  let runtime: Runtime = createRuntime(config).runtime;
  const retiring = new Set<Promise<void>>();
  const random = deps.random ?? Math.random;
  const registry = createTargetRegistry({ now, random });
  const chaos = createChaos({ now, random });
  // Files and batches the relay saw created, by the account holding them (docs/vendor-paths.md).
  const pins = createResourcePins(50_000);
  const relay = createRelay({ runtime: () => runtime, pins });
  const attemptDispatch = createAttemptDispatch({
    wrapAdapter: chaos.wrap,
    fileHolder: (request) => {
      if (pins.size() === 0) return undefined;
      for (const id of findCitedFiles(request.operation, request.body)) {
        const holder = pins.holder(id);
        if (holder !== undefined) return holder;
      }
      return undefined;
    },
    runtime: () => runtime,
    registry,
    now,
    random,
    sleep: deps.sleep ?? realSleep,
  });
  let degradeQueue: ((request: GatewayRequest) => GatewayAnswer | undefined) | undefined;
  const cacheLayer = createCacheLayer({
    inner: attemptDispatch,
    config: () => runtime.config,
    store: openCacheStore(deps.dataDir),
    now,
    queue: () => degradeQueue,
  });
  // The ledger expands `previous_response_id` first, so the cache sees (and keys on) the whole conversation.
  // The last 64 answers' contexts stay in memory: an active conversation's next turn reads no chain back.
  const ledger = createResponsesLedger({
    store: withRecentContexts(
      deps.dataDir === undefined
        ? createMemoryResponsesStore()
        : createSqliteResponsesStore(join(deps.dataDir, 'responses.db')),
      64,
    ),
    now,
    retentionMs: () => runtime.config.responses.retention_days * 86_400_000,
  });
  const dispatch = ledger.wrap(cacheLayer.dispatch);
  const alertsStore = deps.alertsStore ?? createMemoryAlertsStore();
  const alerts = createAlertManager({
    config: config.alerts,
    store: alertsStore,
    now,
    random,
    ...(deps.alertsSend === undefined ? {} : { send: deps.alertsSend }),
    ...(deps.logError === undefined ? {} : { logError: deps.logError }),
  });
  alerts.resume();
  return {
    relay,
    dispatch,
    config: () => runtime.config,
    reload(next) {
      const built = createRuntime(next, runtime);
      runtime = built.runtime;
      alerts.reload(next.alerts);
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
    setDegradeQueue(queue) {
      degradeQueue = queue;
    },
    responses: ledger,
    registry,
    adapterFor: (provider) => {
      const adapter = runtime.adapters.get(provider);
      return adapter === undefined ? undefined : chaos.wrap(adapter, undefined);
    },
    chaos,
    resetTarget: (provider, model) => registry.reset(provider, model),
    routeAvailability(model, format) {
      const plan = resolveTargets(runtime.table, model, format);
      if (plan === undefined) return undefined;
      const availabilities: TargetAvailability[] = [];
      for (const target of plan) {
        const settings = runtime.targetSettings.get(target.provider);
        if (settings !== undefined) {
          availabilities.push(registry.get(target.provider, target.model, settings).state.availability());
        }
      }
      return availabilities;
    },
    alerts,
    async close() {
      await alerts.close();
      alertsStore.close();
      await Promise.allSettled([...runtime.adapters.values()].map((adapter) => adapter.close()));
      await Promise.allSettled([...retiring]);
      ledger.close();
      cacheLayer.close();
    },
  };
}
