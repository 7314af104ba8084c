import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { type AccessControl, createAccessControl } from '../access/access-control.ts';
import { createRequestGuard } from '../access/create-request-guard.ts';
import { sendOutboundRequest } from '../alerts/outbound-request.ts';
import { createAuditRecorder } from '../audit/create-audit-recorder.ts';
import { DEFAULT_BASE_URLS, type OutlastConfig } from '../config/schema.ts';
import type { Incident, VendorIncident } from '../core/monitoring.ts';
import { loadWebAssets } from '../dashboard/load-web-assets.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
import { createJobService, type JobService } from '../jobs/create-job-service.ts';
import { createJobsAdmin } from '../jobs/create-jobs-admin.ts';
import { jobsPath } from '../jobs/create-jobs-api.ts';
import { renderJob } from '../jobs/render-job.ts';
import { sendOutbound } from '../jobs/send-outbound.ts';
import { collectSecrets } from '../logging/collect-secrets.ts';
import type { Logger } from '../logging/create-json-logger.ts';
import { createSecretScrubber } from '../logging/scrub-secrets.ts';
import { createGatewayMetrics } from '../metrics/create-gateway-metrics.ts';
import { createMetricRegistry, type MetricRegistry } from '../metrics/metric-registry.ts';
import { startMonitor } from '../monitor/start-monitor.ts';
import {
  createVendorStatusPoller,
  type VendorStatusPoller,
} from '../monitor/vendor-status/create-vendor-status-poller.ts';
import { resolveStatusPage, type StatusPageTarget } from '../monitor/vendor-status/resolve-status-page.ts';
import { createOutboundGuard, type OutboundGuard } from '../policies/create-outbound-guard.ts';
import { openAlertsStore } from '../store/alerts/open-alerts-store.ts';
import { openAuditStore } from '../store/audit/open-audit-store.ts';
import type { JobsStore } from '../store/jobs/jobs-store.ts';
import { openJobsStore } from '../store/jobs/open-jobs-store.ts';
import { openKeysStore } from '../store/keys/open-keys-store.ts';
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
  /** Runs the monitor's rounds (default: an unref'd interval); tests pass a no-op and call `monitor.tick()`. */
  monitorSchedule?: ((tick: () => void, ms: number) => () => void) | undefined;
  /** Incidents for /status/feed.atom and /status/feed.rss (wired to the monitor; none by default). */
  listIncidents?: () => readonly Incident[];
  /** Receives vendor incidents (the monitor's recordVendorIncident); when set, the providers' status pages are polled. */
  onVendorIncident?: (incident: VendorIncident) => void;
  /** Interval of the dashboard's latency/TTFT sampler (default 60 s). */
  dashboardSampleIntervalMs?: number | undefined;
}

/** A gateway listening on HTTP. */
export interface ServedGateway {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  /** Bound port. */
  port: number;
  /** The gateway behind it. */
  gateway: Gateway;
  /** Its async jobs (queue, workers, callbacks); `jobsMetrics(jobs)` gives the /metrics samples. */
  jobs: JobService;
  /** The vendor status poller, when `onVendorIncident` was given. */
  vendorStatus?: VendorStatusPoller | undefined;
  /** Client keys: `enforcing()` is false while no key exists and any client key is accepted. */
  access: AccessControl;
  /** Base URL of the admin listener when `server.admin` is set. */
  adminUrl: string | undefined;
  /** The metrics served at /metrics; other features add their families here. */
  metrics: MetricRegistry;
  /** Sends to user-set URLs (job callbacks, webhooks) under the SSRF policy of `server` (read at start). */
  outboundGuard: OutboundGuard;
  /** Stops accepting, drains in-flight requests (up to `graceMs`, `server.drain_timeout_ms` by default), closes pools. */
  close(graceMs?: number): Promise<void>;
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

/** Starts a gateway for a validated config on HTTP. Used by `outlast start`, the demo and the tests. */
export async function serveGateway(config: OutlastConfig, options: ServeOptions = {}): Promise<ServedGateway> {
  const dataDir = options.dataDir ?? config.server.data_dir;
  const writable = isWritable(dataDir);
  const settings = listenerSettings(config);
  // Every URL a user can set (job callbacks, alert webhooks) is reached through the SSRF guard.
  const outboundGuard = createOutboundGuard({
    allowPrivate: config.server.allow_private_urls,
    allowList: config.server.outbound_allow_list ?? [],
  });
  const guardedAlertSend: typeof sendOutboundRequest = (outbound) => {
    outboundGuard.assertUrl(outbound.url);
    return sendOutboundRequest({ ...outbound, dispatcher: outboundGuard.dispatcher });
  };
  const guardedJobSend: typeof sendOutbound = (outbound) => {
    outboundGuard.assertUrl(outbound.url);
    return sendOutbound({ ...outbound, dispatcher: outboundGuard.dispatcher });
  };
  const gateway = startMonitor(
    createGateway(config, {
      ...(options.logError === undefined ? {} : { logError: options.logError }),
      alertsSend: guardedAlertSend,
      ...options.deps,
      dataDir: writable ? dataDir : undefined,
      alertsStore: options.deps?.alertsStore ?? openAlertsStore(writable ? dataDir : undefined),
    }),
    { dataDir: writable ? dataDir : undefined, deps: options.deps, schedule: options.monitorSchedule },
  );
  // One health model feeds the alerts, the feeds and the vendor's view (docs/monitoring.md, docs/alerts.md).
  const monitor = gateway.monitor;
  const unsubscribeAlerts = monitor?.subscribe(gateway.alerts.sink);
  const listIncidents = options.listIncidents ?? (monitor === undefined ? undefined : () => monitor.incidents());
  const onVendorIncident =
    options.onVendorIncident ??
    (monitor === undefined ? undefined : (incident: VendorIncident) => monitor.recordVendorIncident(incident));
  let closing = false;
  const now = options.deps?.now ?? Date.now;
  const logger = options.logger;
  const logError: (message: string, fields: Record<string, unknown>) => void =
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
  // With no data directory (tests, embedding) the stores live in memory.
  const storeDir = writable ? dataDir : undefined;
  const keysStore = openKeysStore(storeDir);
  const auditStore = openAuditStore(storeDir);
  const access = createAccessControl({ store: keysStore, now });
  const audit = createAuditRecorder({ store: auditStore, config: () => gateway.config().audit, now, logError });
  const guard = createRequestGuard({ access, audit, pricing: () => gateway.config().pricing, now });
  let jobsStore: JobsStore;
  try {
    jobsStore = openJobsStore(writable ? dataDir : undefined);
  } catch (error) {
    logError('jobs: the SQLite store could not be opened; jobs are kept in memory', { error: String(error) });
    jobsStore = openJobsStore(undefined);
  }
  const jobs = createJobService({
    store: jobsStore,
    dispatch: gateway.dispatch,
    routeAvailability: gateway.routeAvailability,
    config: () => gateway.config().jobs,
    now: options.deps?.now ?? Date.now,
    random: options.deps?.random ?? Math.random,
    send: guardedJobSend,
    logError,
  });
  // The `queued` rung of the degradation ladder: a request every target failed becomes a job (202, its location).
  gateway.setDegradeQueue((request) => {
    if (!jobs.enabled() || (request.operation !== 'chat' && request.operation !== 'messages')) return undefined;
    let job: ReturnType<JobService['submit']>['job'];
    try {
      ({ job } = jobs.submit({
        format: request.format,
        operation: request.operation,
        body: request.body,
        passHeaders: request.passHeaders,
        owner: request.client?.keyId,
        callbackUrl: undefined,
        deadlineS: undefined,
        priority: 0,
        idempotencyKey: undefined,
      }));
    } catch (error) {
      logError('degrade: the request could not be queued', { error: String(error) });
      return undefined;
    }
    return {
      status: 202,
      headers: { 'content-type': 'application/json', location: `${jobsPath}/${job.id}` },
      body: Buffer.from(JSON.stringify(renderJob(job))),
      prefix: [],
      stream: false,
      provider: 'outlast',
      model: request.model,
      attempts: 0,
      fallback: true,
    };
  });
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    ready: () => writable && !closing,
    maxJsonDepth: () => gateway.config().server.max_json_depth,
    relayVendorPaths: () => gateway.config().server.relay_vendor_paths,
    adminKey,
    logError,
    jobs,
    ...(listIncidents === undefined ? {} : { listIncidents }),
    guard,
    access,
    observer: combineObservers(observers),
    draining: () => closing,
    metrics: metricsEndpoint,
    serveAdmin: separateAdmin === undefined,
    now,
    scrubSecrets,
    // Built once per process when dist/web is missing or stale (a checkout running from src).
    webAssets: loadWebAssets({ logError }),
    dashboardSampleIntervalMs: options.dashboardSampleIntervalMs,
  });
  let vendorStatus: VendorStatusPoller | undefined;
  // A vendor page is polled when it is configured, or by default when the provider calls the vendor's own API (a
  // provider pointed at a simulator or a proxy has no vendor page of its own unless the config names one).
  const pages = config.providers
    .filter((provider) => provider.status_page !== undefined || provider.base_url === DEFAULT_BASE_URLS[provider.type])
    .map((provider) => resolveStatusPage(provider))
    .filter((page): page is StatusPageTarget => page !== undefined);
  if (onVendorIncident !== undefined && pages.length > 0) {
    vendorStatus = createVendorStatusPoller({
      pages,
      sink: onVendorIncident,
      ...(options.logError === undefined ? {} : { logError: options.logError }),
    });
    vendorStatus.start();
  }
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
      const adminHandler = createAdminHandler(gateway, {
        adminKey,
        metrics: metricsEndpoint,
        logError,
        access,
        handleJobsAdmin: createJobsAdmin(jobs),
      });
      servers.push(
        await startServer(adminHandler, { ...settings, port: separateAdmin.port, host: separateAdmin.host }),
      );
    }
  } catch (error) {
    await Promise.allSettled(servers.map((server) => server.close(0)));
    vendorStatus?.stop();
    unsubscribeAlerts?.();
    gatewayMetrics.close();
    await tracer?.close();
    await outboundGuard.close();
    gateway.monitor?.close();
    await gateway.close();
    throw error;
  }
  const main = servers[0]!;
  jobs.start();
  return {
    url: main.url,
    port: main.port,
    adminUrl: servers[1]?.url,
    metrics,
    outboundGuard,
    gateway,
    jobs,
    vendorStatus,
    access,
    async close(graceMs) {
      closing = true;
      vendorStatus?.stop();
      unsubscribeAlerts?.();
      const drainMs = graceMs ?? gateway.config().server.drain_timeout_ms;
      await Promise.all(servers.map((server) => server.close(drainMs)));
      handler.close();
      await jobs.stop();
      gatewayMetrics.close();
      await tracer?.close();
      await outboundGuard.close();
      gateway.monitor?.close();
      await gateway.close();
      access.close();
      audit.close();
      keysStore.close();
      auditStore.close();
    },
  };
}
