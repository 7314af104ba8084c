import { Pool } from 'undici';
import type { ForwardOptions, UpstreamResponse } from '../../core/provider-adapter.ts';
import { type FailureKind, type FailurePhase, UpstreamFailure } from '../../core/upstream-failure.ts';

/** Settings of one upstream origin. */
export interface UpstreamEndpointSettings {
  /** Base URL as configured (may carry a path prefix such as `/v1`). */
  baseUrl: string;
  /** Pool size: concurrent upstream requests (streams hold a connection each). */
  maxConnections: number;
  /** Time allowed to open a connection, in ms. */
  connectTimeoutMs: number;
}

/** A pooled HTTP/1.1 keep-alive client for one upstream origin. */
export interface UpstreamEndpoint {
  /** The path prefix of the base URL, without a trailing slash ('' or e.g. '/v1'). */
  readonly basePath: string;
  /** The base URL's origin (`https://api.anthropic.com`). */
  readonly origin: string;
  /** The path of a URL under this endpoint's base URL (`/v1/files/x` for `<base>/v1/files/x`); undefined for others. */
  pathOf(url: string): string | undefined;
  /** POSTs a body; resolves at response headers; rejects with an UpstreamFailure. */
  post(
    path: string,
    headers: Record<string, string>,
    body: string | Buffer,
    options: ForwardOptions,
  ): Promise<UpstreamResponse>;
  /** Sends any request (a vendor path relayed as is); resolves at response headers; rejects with an UpstreamFailure. */
  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    options: ForwardOptions,
  ): Promise<UpstreamResponse>;
  /** Closes the pool once in-flight requests finish. */
  close(): Promise<void>;
}

/** Creates the undici pool for one origin. undici sets TCP_NODELAY on its sockets. */
export function createUpstreamEndpoint(settings: UpstreamEndpointSettings): UpstreamEndpoint {
  const url = new URL(settings.baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: settings.maxConnections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: settings.connectTimeoutMs },
  });
  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    options: ForwardOptions,
  ): Promise<UpstreamResponse> {
    try {
      const response = await pool.request({
        path: basePath + path,
        method: method as 'POST',
        headers: options.traceparent === undefined ? headers : { ...headers, traceparent: options.traceparent },
        body: body ?? null,
        signal: options.signal,
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: options.idleTimeoutMs,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toUpstreamFailure(error, 'headers');
    }
  }
  const base = url.origin + basePath;
  return {
    basePath,
    origin: url.origin,
    pathOf: (other) => (other.startsWith(`${base}/`) ? other.slice(base.length) : undefined),
    post: (path, headers, body, options) => send('POST', path, headers, body, options),
    send,
    close: () => pool.close(),
  };
}

/** Maps undici and socket errors to the failure kinds the classifier knows. */
export function toUpstreamFailure(error: unknown, phase: FailurePhase): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const code = (error as { code?: string } | null)?.code;
  const name = (error as { name?: string } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  let kind: FailureKind = 'other';
  let actualPhase = phase;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') kind = 'aborted';
  else if (code === 'ECONNREFUSED') {
    kind = 'refused';
    actualPhase = 'connect';
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    kind = 'dns';
    actualPhase = 'connect';
  } else if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    kind = 'timeout';
    actualPhase = 'connect';
  } else if (code === 'UND_ERR_HEADERS_TIMEOUT') kind = 'timeout';
  else if (code === 'UND_ERR_BODY_TIMEOUT') {
    kind = 'timeout';
    actualPhase = 'body';
  } else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') kind = 'reset';
  else if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    kind = 'tls';
    actualPhase = 'connect';
  }
  return new UpstreamFailure(kind, actualPhase, message, code);
}
