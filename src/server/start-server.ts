import { createServer, type Server } from 'node:http';
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

/** Listens with settings fit for a proxy: TCP_NODELAY, long keep-alive, no request timeout (streams run long). */
export async function startServer(
  handler: Parameters<typeof createServer>[1] & {},
  options: { port: number; host: string },
): Promise<RunningServer> {
  const server: Server = createServer(
    { noDelay: true, keepAlive: true, requestTimeout: 0, headersTimeout: 60_000 },
    handler,
  );
  server.keepAliveTimeout = 65_000;
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
    url: `http://${host}:${address.port}`,
    port: address.port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
