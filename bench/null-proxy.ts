/**
 * The Node floor: a `node:http` server that passes every request through to one upstream with
 * `undici` (pooled Agent, keep-alive, no parsing, bodies streamed both ways). Whatever a gateway
 * adds on top of this is its feature cost.
 *
 * Run: node bench/null-proxy.ts --upstream http://127.0.0.1:<port> [--port 0] [--connections 2048]
 * Prints one JSON line {"event":"listening","port":N}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

// Hop-by-hop headers (RFC 9110 7.6.1) and the ones the client connection owns.
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'host', 'proxy-connection']);

export type NullProxy = { port: number; close(): Promise<void> };

export function startNullProxy(options: { upstream: string; port?: number; connections?: number }): Promise<NullProxy> {
  const upstream = options.upstream.replace(/\/$/, '');
  const agent = new Agent({ connections: options.connections ?? 2048, pipelining: 1, keepAliveTimeout: 60_000 });

  const server = http.createServer(
    { noDelay: true, keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 65_000 },
    (req, res) => {
      const headers: Record<string, string | string[]> = {};
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i]!.toLowerCase();
        if (!DROPPED.has(name)) headers[name] = raw[i + 1]!;
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      request(upstream + (req.url ?? '/'), {
        dispatcher: agent,
        method: req.method as 'POST',
        headers,
        body: hasBody ? req : null,
      }).then(
        (upstreamResponse) => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(upstreamResponse.headers)) {
            if (value !== undefined && !DROPPED.has(name)) out[name] = value;
          }
          res.writeHead(upstreamResponse.statusCode, out);
          const body = upstreamResponse.body;
          body.on('error', () => res.destroy());
          res.on('close', () => {
            if (!body.destroyed) body.destroy();
          });
          body.pipe(res);
        },
        (error: Error) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'null proxy: ' + error.message } }));
        },
      );
    },
  );

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', backlog: 4096 }, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => void agent.close().then(done, done));
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { upstream: { type: 'string' }, port: { type: 'string' }, connections: { type: 'string' } },
  });
  if (values.upstream === undefined) {
    console.error('usage: node bench/null-proxy.ts --upstream http://127.0.0.1:<port> [--port 0] [--connections 2048]');
    process.exit(2);
  }
  const proxy = await startNullProxy({
    upstream: values.upstream,
    port: Number(values.port ?? 0),
    connections: Number(values.connections ?? 2048),
  });
  console.log(JSON.stringify({ event: 'listening', port: proxy.port }));
  const stop = (): void => {
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
