import { accessSync, constants, mkdirSync } from 'node:fs';
import type { OutlastConfig } from '../config/schema.ts';
import type { Incident, VendorIncident } from '../core/monitoring.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
import {
  createVendorStatusPoller,
  type VendorStatusPoller,
} from '../monitor/vendor-status/create-vendor-status-poller.ts';
import { resolveStatusPage, type StatusPageTarget } from '../monitor/vendor-status/resolve-status-page.ts';
import { openAlertsStore } from '../store/alerts/open-alerts-store.ts';
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
  /** Incidents for /status/feed.atom and /status/feed.rss (wired to the monitor; none by default). */
  listIncidents?: () => readonly Incident[];
  /** Receives vendor incidents (the monitor's recordVendorIncident); when set, the providers' status pages are polled. */
  onVendorIncident?: (incident: VendorIncident) => void;
}

/** A gateway listening on HTTP. */
export interface ServedGateway {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  /** Bound port. */
  port: number;
  /** The gateway behind it. */
  gateway: Gateway;
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
  const gateway = createGateway(config, {
    ...(options.logError === undefined ? {} : { logError: options.logError }),
    ...options.deps,
    alertsStore: options.deps?.alertsStore ?? openAlertsStore(writable ? dataDir : undefined),
  });
  let closing = false;
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    ready: () => writable && !closing,
    adminKey: () => gateway.config().server.admin_key ?? options.adminKey,
    logError: options.logError ?? (() => {}),
    ...(options.listIncidents === undefined ? {} : { listIncidents: options.listIncidents }),
  });
  let vendorStatus: VendorStatusPoller | undefined;
  if (options.onVendorIncident !== undefined) {
    const pages = config.providers
      .map((provider) => resolveStatusPage(provider))
      .filter((page): page is StatusPageTarget => page !== undefined);
    vendorStatus = createVendorStatusPoller({
      pages,
      sink: options.onVendorIncident,
      ...(options.logError === undefined ? {} : { logError: options.logError }),
    });
    vendorStatus.start();
  }
  const server = await startServer(handler, {
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
  });
  return {
    url: server.url,
    port: server.port,
    gateway,
    vendorStatus,
    async close(graceMs) {
      closing = true;
      vendorStatus?.stop();
      await server.close(graceMs);
      await gateway.close();
    },
  };
}
