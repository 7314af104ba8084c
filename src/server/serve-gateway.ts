import { accessSync, constants, mkdirSync } from 'node:fs';
import { type AccessControl, createAccessControl } from '../access/access-control.ts';
import { createRequestGuard } from '../access/create-request-guard.ts';
import { createAuditRecorder } from '../audit/create-audit-recorder.ts';
import type { OutlastConfig } from '../config/schema.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
import { openAuditStore } from '../store/audit/open-audit-store.ts';
import { openKeysStore } from '../store/keys/open-keys-store.ts';
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
}

/** A gateway listening on HTTP. */
export interface ServedGateway {
  /** Base URL, e.g. `http://127.0.0.1:8700`. */
  url: string;
  /** Bound port. */
  port: number;
  /** The gateway behind it. */
  gateway: Gateway;
  /** Client keys: `enforcing()` is false while no key exists and any client key is accepted. */
  access: AccessControl;
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
  const gateway = createGateway(config, options.deps);
  const dataDir = options.dataDir ?? config.server.data_dir;
  const writable = isWritable(dataDir);
  let closing = false;
  const now = options.deps?.now ?? Date.now;
  const logError = options.logError ?? (() => {});
  // With no data directory (tests, embedding) the stores live in memory.
  const storeDir = writable ? dataDir : undefined;
  const keysStore = openKeysStore(storeDir);
  const auditStore = openAuditStore(storeDir);
  const access = createAccessControl({ store: keysStore, now });
  const audit = createAuditRecorder({ store: auditStore, config: () => gateway.config().audit, now, logError });
  const guard = createRequestGuard({ access, audit, pricing: () => gateway.config().pricing, now });
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    ready: () => writable && !closing,
    adminKey: () => gateway.config().server.admin_key ?? options.adminKey,
    logError,
    guard,
    access,
  });
  const server = await startServer(handler, {
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
  });
  return {
    url: server.url,
    port: server.port,
    gateway,
    access,
    async close(graceMs) {
      closing = true;
      await server.close(graceMs);
      await gateway.close();
      access.close();
      audit.close();
      keysStore.close();
      auditStore.close();
    },
  };
}
