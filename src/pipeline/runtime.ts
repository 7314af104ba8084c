import type { OutlastConfig, ProviderConfig, TimeoutsConfig } from '../config/schema.ts';
import type { ProviderAdapter, WireFormat } from '../core/provider-adapter.ts';
import { createAdapter } from './create-adapter.ts';
import { compileModelMatcher } from './model-matcher.ts';
import type { PlannedTarget, RoutingTable } from './resolve-targets.ts';
import type { TargetSettings } from './target-registry.ts';

/** Optional timeout overrides, as a provider or a route may give them. */
export type TimeoutOverrides = { [Key in keyof TimeoutsConfig]?: TimeoutsConfig[Key] | undefined };

/** Resolved timeouts in ms. */
export interface Timeouts {
  connectMs: number;
  headersMs: number;
  firstTokenMs: number;
  idleMs: number;
  totalMs: number;
}

/** What a route adds to the defaults. */
export interface RouteSettings {
  /** Upstream attempts per client request. */
  maxAttempts: number;
  /** Timeout overrides of the route. */
  timeouts: TimeoutOverrides | undefined;
  /** How targets are ordered. */
  strategy: 'fallback' | 'balance';
  /** Hedging, when turned on: a fixed delay, or undefined for the target's p95 time to first byte. */
  hedge: { delayMs: number | undefined } | undefined;
  /** What a stream that breaks after commit does. */
  midStream: 'error' | 'continue';
}

/** Everything a request needs from one loaded config; swapped whole on reload, so in-flight requests keep theirs. */
export interface Runtime {
  /** The config this runtime was built from. */
  config: OutlastConfig;
  /** Routing tables. */
  table: RoutingTable;
  /** Adapters by provider id. */
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** Timeouts per provider id (defaults merged with the provider's). */
  providerTimeouts: ReadonlyMap<string, Timeouts>;
  /** Route overrides by route model. */
  routeSettings: ReadonlyMap<string, RouteSettings>;
  /** Settings of the health record of each provider's targets. */
  targetSettings: ReadonlyMap<string, TargetSettings>;
  /** Settings of requests with no route (`provider/model` or a provider's model list). */
  unrouted: RouteSettings;
  /** The `anthropic-version` pinned per Anthropic provider, for translated requests. */
  anthropicVersions: ReadonlyMap<string, string | undefined>;
}

/** The wire format each provider type speaks. */
export const providerFormats: Record<ProviderConfig['type'], WireFormat> = {
  anthropic: 'anthropic',
  openai: 'openai',
  'openai-compatible': 'openai',
  gemini: 'gemini',
  'azure-openai': 'openai',
};

function mergeTimeouts(base: TimeoutsConfig, override: TimeoutOverrides | undefined): Timeouts {
  return {
    connectMs: override?.connect_ms ?? base.connect_ms,
    headersMs: override?.headers_ms ?? base.headers_ms,
    firstTokenMs: override?.first_token_ms ?? base.first_token_ms,
    idleMs: override?.idle_ms ?? base.idle_ms,
    totalMs: override?.total_ms ?? base.total_ms,
  };
}

/**
 * Builds a runtime from a validated config. Adapters whose provider settings did not change are taken over from
 * `previous`, so a reload keeps warm connections; `retired` lists the adapters the caller should close.
 */
export function createRuntime(
  config: OutlastConfig,
  previous?: Runtime,
): { runtime: Runtime; retired: ProviderAdapter[] } {
  const adapters = new Map<string, ProviderAdapter>();
  const providerTimeouts = new Map<string, Timeouts>();
  const reused = new Set<ProviderAdapter>();
  for (const provider of config.providers) {
    const timeouts = mergeTimeouts(config.defaults.timeouts, provider.timeouts);
    providerTimeouts.set(provider.id, timeouts);
    const old = previous?.adapters.get(provider.id);
    const oldConfig = previous?.config.providers.find((entry) => entry.id === provider.id);
    const same =
      old !== undefined &&
      oldConfig !== undefined &&
      JSON.stringify(oldConfig) === JSON.stringify(provider) &&
      previous?.config.defaults.timeouts.connect_ms === config.defaults.timeouts.connect_ms;
    if (same) reused.add(old);
    adapters.set(provider.id, same ? old : createAdapter(provider, timeouts.connectMs));
  }
  const routes = new Map<string, { strategy: 'fallback' | 'balance'; targets: PlannedTarget[] }>();
  const routeSettings = new Map<string, RouteSettings>();
  for (const route of config.routes) {
    routes.set(route.model, {
      strategy: route.strategy,
      targets: route.targets.map((target) => ({
        provider: target.provider,
        model: target.model,
        weight: target.weight,
      })),
    });
    routeSettings.set(route.model, {
      maxAttempts: route.max_attempts ?? config.defaults.max_attempts,
      timeouts: route.timeouts,
      strategy: route.strategy,
      hedge: route.hedge === undefined ? undefined : { delayMs: route.hedge.delay_ms },
      midStream: route.mid_stream,
    });
  }
  const table: RoutingTable = {
    routes,
    providers: config.providers.map((provider) => ({
      id: provider.id,
      format: providerFormats[provider.type],
      serves: compileModelMatcher(provider.models),
    })),
  };
  const retired =
    previous === undefined ? [] : [...previous.adapters.values()].filter((adapter) => !reused.has(adapter));
  const targetSettings = new Map<string, TargetSettings>();
  for (const provider of config.providers) {
    targetSettings.set(provider.id, {
      breaker: config.defaults.breaker,
      retry: config.defaults.retry,
      maxConcurrent: provider.max_concurrent ?? config.defaults.max_concurrent,
      disableMs: config.defaults.disable_ms,
      adaptiveThrottle: config.defaults.adaptive_throttle,
    });
  }
  const unrouted: RouteSettings = {
    maxAttempts: config.defaults.max_attempts,
    timeouts: undefined,
    strategy: 'fallback',
    hedge: undefined,
    midStream: 'error',
  };
  return {
    runtime: {
      config,
      table,
      adapters,
      providerTimeouts,
      routeSettings,
      targetSettings,
      unrouted,
      anthropicVersions: new Map(config.providers.map((provider) => [provider.id, provider.anthropic_version])),
    },
    retired,
  };
}

/** Timeouts for one attempt: provider's, then the route's overrides. */
export function attemptTimeouts(runtime: Runtime, provider: string, route: RouteSettings): Timeouts {
  const base = runtime.providerTimeouts.get(provider);
  const override = route.timeouts;
  const fallback: Timeouts = mergeTimeouts(runtime.config.defaults.timeouts, undefined);
  const resolved = base ?? fallback;
  if (override === undefined) return resolved;
  return {
    connectMs: override.connect_ms ?? resolved.connectMs,
    headersMs: override.headers_ms ?? resolved.headersMs,
    firstTokenMs: override.first_token_ms ?? resolved.firstTokenMs,
    idleMs: override.idle_ms ?? resolved.idleMs,
    totalMs: override.total_ms ?? resolved.totalMs,
  };
}
