import { accessSync, constants, mkdirSync } from 'node:fs';
import type { OutlastConfig } from '../config/schema.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../gateway.ts';
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
  const gateway = createGateway(config, { ...options.deps, dataDir });
  const writable = isWritable(dataDir);
  let closing = false;
  const handler = createRequestHandler(gateway, {
    bodyLimitBytes: () => gateway.config().server.body_limit_bytes,
    ready: () => writable && !closing,
    adminKey: () => gateway.config().server.admin_key ?? options.adminKey,
    logError: options.logError ?? (() => {}),
  });
  const server = await startServer(handler, {
    port: options.port ?? config.server.port,
    host: options.host ?? config.server.host,
  });
  return {
    url: server.url,
    port: server.port,
    gateway,
    async close(graceMs) {
      closing = true;
      await server.close(graceMs);
      await gateway.close();
    },
  };
}
