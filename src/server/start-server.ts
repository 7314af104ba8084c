import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { refuseUpgrade } from './refuse-upgrade.ts';

/** A listening HTTP server with graceful shutdown. */
export interface RunningServer {
  /** The bound address, e.g. `http://127.0.0.1:8700`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}

/** Listener settings; the timeouts protect against slow clients (slowloris). */
export interface StartServerOptions {
  /** Port to bind; 0 for a free one. */
  port: number;
  /** Interface to bind. */
  host: string;
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Time a client may take to send its headers. */
  headersTimeoutMs?: number;
  /** Time a client may take to send its whole request (not the answer, which may stream for minutes). */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveTimeoutMs?: number;
  /** Largest request header block, in bytes (431 beyond). */
  maxHeaderBytes?: number;
}

/** Listens with settings fit for a proxy: TCP_NODELAY, long keep-alive, header and request timeouts for slow clients. */
export async function startServer(
  handler: Parameters<typeof createServer>[1] & {},
  options: StartServerOptions,
): Promise<RunningServer> {
  const headersTimeout = options.headersTimeoutMs ?? 60_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 120_000, headersTimeout);
  const settings = {
    noDelay: true,
    keepAlive: true,
    requestTimeout,
    headersTimeout,
    maxHeaderSize: options.maxHeaderBytes ?? 16_384,
    // Node checks the two timeouts on this tick (30 s by default): a slow client would otherwise hold on much longer.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
  const server: Server =
    options.tls === undefined
      ? createServer(settings, handler)
      : createTlsServer({ ...settings, cert: options.tls.cert, key: options.tls.key }, handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  server.on('upgrade', refuseUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of new client connections must not overflow into 1 s SYN retransmits.
    server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${address.port}`,
    port: address.port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Connections that finish their request during the drain go idle: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
    },
  };
}
