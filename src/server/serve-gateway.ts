import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import type { OutlastConfig } from '../config/schema.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
import { collectSecrets } from '../logging/collect-secrets.ts';
import type { Logger } from '../logging/create-json-logger.ts';
import { createSecretScrubber } from '../logging/scrub-secrets.ts';
import { createGatewayMetrics } from '../metrics/create-gateway-metrics.ts';
import { createMetricRegistry, type MetricRegistry } from '../metrics/metric-registry.ts';
import { createOutboundGuard, type OutboundGuard } from '../policies/create-outbound-guard.ts';
import { createTracer } from '../telemetry/create-tracer.ts';
import { createAccessLog } from './access-log.ts';
import { createAdminHandler } from './create-admin-handler.ts';
import { createRequestHandler } from './create-request-handler.ts';
import { combineObservers, type RequestObserver } from './request-observer.ts';
import { type RunningServer, type StartServerOptions, startServer } from './start-server.ts';

/** Options of serveGateway. */
export interface ServeOptions {
  /** Port to bind; 0 for any free port. Defaults to `server.port` of the config. */
  port?: number;
  /** Host to bind. Defaults to `server.host` of the config (127.0.0.1). */
  host?: string;
  /** Data directory (created if missing; must be writable for /readyz). */
  dataDir?: string;
  /** The admin key when the config has none (`OUTLAST_ADMIN_KEY`). */
  adminKey?: string | undefined;
  /** Where defects are logged. */
  logError?: (message: string, fields: Record<string, unknown>) => void;
  /** Structured logger (the access log and exporter problems go here; defects too when logError is absent). */
  logger?: Logger | undefined;
  /** Injected dependencies of the gateway. */
  deps?: GatewayDeps;
}

/** A gateway listening on HTTP. */
export interface ServedGateway {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  /** Bound port. */
  port: number;
  /** Base URL of the admin listener when `server.admin` is set. */
  adminUrl: string | undefined;
  /** The gateway behind it. */
  gateway: Gateway;
  /** The metrics served at /metrics; other features add their families here. */
  metrics: MetricRegistry;
  /** Sends to user-set URLs (job callbacks, webhooks) under the SSRF policy of `server` (read at start). */
  outboundGuard: OutboundGuard;
  /** Stops accepting, drains in-flight requests (up to `graceMs`, `server.drain_timeout_ms` by default), closes pools. */
  close(graceMs?: number): Promise<void>;
}

function isWritable(dir: string | undefined): boolean {
  if (dir === undefined) return true;
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function listenerSettings(config: OutlastConfig): Omit<StartServerOptions, 'port' | 'host'> {
  const server = config.server;
  return {
    headersTimeoutMs: server.headers_timeout_ms,
    requestTimeoutMs: server.request_timeout_ms,
    keepAliveTimeoutMs: server.keep_alive_timeout_ms,
    maxHeaderBytes: server.max_header_bytes,
    tls:
      server.tls === undefined
        ? undefined
        : { cert: readFileSync(server.tls.cert_file), key: readFileSync(server.tls.key_file) },
  };
}

/** Starts a gateway for a validated config on HTTP. Used by `outlast start`, the demo and the tests. */
export async function serveGateway(config: OutlastConfig, options: ServeOptions = {}): Promise<ServedGateway> {
  const settings = listenerSettings(config);
  const gateway = createGateway(config, options.deps);
  const now = options.deps?.now ?? Date.now;
  const dataDir = options.dataDir ?? config.server.data_dir;
  const writable = isWritable(dataDir);
  let closing = false;
  const logger = options.logger;
  const logError =
    options.logError ?? (logger === undefined ? () => {} : (message, fields) => logger.error(message, fields));
  const metrics = createMetricRegistry();
  let knownModels = { config: gateway.config(), names: new Set(gateway.listModels().map((model) => model.id)) };
  const gatewayMetrics = createGatewayMetrics({
    registry: metrics,
    targets: () => gateway.targets(),
    isKnownModel: (model) => {
      if (knownModels.config !== gateway.config()) {
        knownModels = { config: gateway.config(), names: new Set(gateway.listModels().map((entry) => entry.id)) };
      }
      return knownModels.names.has(model);
    },
    now,
  });
  const tracer =
    config.telemetry === undefined
      ? undefined
      : createTracer({
          settings: config.telemetry,
          now,
          providerType: (id) => gateway.config().providers.find((provider) => provider.id === id)?.type,
          onExportError: (error) => logError('trace export failed', { error: String(error) }),
        });
  const observers: RequestObserver[] = [gatewayMetrics.observer];
  if (tracer !== undefined) observers.push(tracer.observer);
  if (config.server.access_log && logger !== undefined) observers.push(createAccessLog(logger, now));
  const metricsEndpoint = { render: () => metrics.render(), key: () => gateway.config().server.metrics_key };
  const adminKey = () => gateway.config().server.admin_key ?? options.adminKey;
  const separateAdmin = config.server.admin;
  let scrubbing = { config: gateway.config(), scrub: createSecretScrubber(collectSecrets(gateway.config(), {})) };
  const scrubSecrets = (body: Buffer): Buffer => {
    if (scrubbing.config !== gateway.config()) {
      scrubbing = { config: gateway.config(), scrub: createSecretScrubber(collectSecrets(gateway.config(), {})) };
    }
    return scrubbing.scrub(body);
  };
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    maxJsonDepth: () => gateway.config().server.max_json_depth,
    ready: () => writable && !closing,
    adminKey,
    logError,
    observer: combineObservers(observers),
    draining: () => closing,
    metrics: metricsEndpoint,
    serveAdmin: separateAdmin === undefined,
    now,
    scrubSecrets,
  });
  const servers: RunningServer[] = [];
  try {
    servers.push(
      await startServer(handler, {
        ...settings,
        port: options.port ?? config.server.port,
        host: options.host ?? config.server.host,
      }),
    );
    if (separateAdmin !== undefined) {
      const adminHandler = createAdminHandler(gateway, { adminKey, metrics: metricsEndpoint, logError });
      servers.push(
        await startServer(adminHandler, { ...settings, port: separateAdmin.port, host: separateAdmin.host }),
      );
    }
  } catch (error) {
    await Promise.allSettled(servers.map((server) => server.close(0)));
    gatewayMetrics.close();
    await tracer?.close();
    await gateway.close();
    throw error;
  }
  const main = servers[0]!;
  const outboundGuard = createOutboundGuard({
    allowPrivate: config.server.allow_private_urls,
    allowList: config.server.outbound_allow_list ?? [],
  });
  return {
    url: main.url,
    port: main.port,
    adminUrl: servers[1]?.url,
    gateway,
    metrics,
    outboundGuard,
    async close(graceMs) {
      closing = true;
      const drainMs = graceMs ?? gateway.config().server.drain_timeout_ms;
      await Promise.all(servers.map((server) => server.close(drainMs)));
      gatewayMetrics.close();
      await tracer?.close();
      await outboundGuard.close();
      await gateway.close();
    },
  };
}
