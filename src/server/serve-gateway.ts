import { accessSync, constants, mkdirSync } from 'node:fs';
import { DEFAULT_BASE_URLS, type OutlastConfig } from '../config/schema.ts';
import type { Incident, VendorIncident } from '../core/monitoring.ts';
import { loadWebAssets } from '../dashboard/load-web-assets.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
import { createJobService, type JobService } from '../jobs/create-job-service.ts';
import { sendOutbound } from '../jobs/send-outbound.ts';
import { startMonitor } from '../monitor/start-monitor.ts';
import {
  createVendorStatusPoller,
  type VendorStatusPoller,
} from '../monitor/vendor-status/create-vendor-status-poller.ts';
import { resolveStatusPage, type StatusPageTarget } from '../monitor/vendor-status/resolve-status-page.ts';
import { openAlertsStore } from '../store/alerts/open-alerts-store.ts';
import type { JobsStore } from '../store/jobs/jobs-store.ts';
import { openJobsStore } from '../store/jobs/open-jobs-store.ts';
import { createRequestHandler } from './create-request-handler.ts';
import { startServer } from './start-server.ts';

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
  /** Stops accepting, drains in-flight requests, closes upstream pools. */
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

/** Starts a gateway for a validated config on HTTP. Used by `outlast start`, the demo and the tests. */
export async function serveGateway(config: OutlastConfig, options: ServeOptions = {}): Promise<ServedGateway> {
  const dataDir = options.dataDir ?? config.server.data_dir;
  const writable = isWritable(dataDir);
  const gateway = startMonitor(
    createGateway(config, {
      ...(options.logError === undefined ? {} : { logError: options.logError }),
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
  const logError = options.logError ?? (() => {});
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
    send: sendOutbound,
    logError,
  });
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    ready: () => writable && !closing,
    adminKey: () => gateway.config().server.admin_key ?? options.adminKey,
    logError: options.logError ?? (() => {}),
    jobs,
    ...(listIncidents === undefined ? {} : { listIncidents }),
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
  const server = await startServer(handler, {
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
  });
  jobs.start();
  return {
    url: server.url,
    port: server.port,
    gateway,
    jobs,
    vendorStatus,
    async close(graceMs) {
      closing = true;
      vendorStatus?.stop();
      unsubscribeAlerts?.();
      await server.close(graceMs);
      handler.close();
      await jobs.stop();
      gateway.monitor?.close();
      await gateway.close();
    },
  };
}
