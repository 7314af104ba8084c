import type { UpstreamHeaders } from '../../core/provider-adapter.ts';

/** Answer headers that may carry an upstream URL the client is to call next. */
const urlHeaders = ['location', 'content-location', 'x-goog-upload-url'] as const;

/** `url` pointed at the gateway when it is one of the provider's (by `relayedPath`), else unchanged. */
function pointed(url: string, relayedPath: (url: string) => string | undefined, gatewayOrigin: string): string {
  const path = relayedPath(url);
  return path === undefined ? url : gatewayOrigin + path;
}

/**
 * The headers of a relayed answer with the provider's URLs (an upload URL, a location) pointed at the gateway, so the
 * client's next call comes through Outlast too, with Outlast's key handling rather than the provider's key.
 */
export function pointHeadersAtGateway(
  headers: UpstreamHeaders,
  relayedPath: (url: string) => string | undefined,
  gatewayOrigin: string,
): UpstreamHeaders {
  let changed: UpstreamHeaders | undefined;
  for (const name of urlHeaders) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    const next = pointed(value, relayedPath, gatewayOrigin);
    if (next === value) continue;
    changed ??= { ...headers };
    changed[name] = next;
  }
  return changed ?? headers;
}

/**
 * A relayed JSON answer with every string that is one of the provider's URLs (an Anthropic batch's `results_url`,
 * which the SDK calls as it is) pointed at the gateway; the body unchanged when it has none, or is no JSON.
 */
export function pointBodyAtGateway(
  body: Buffer,
  relayedPath: (url: string) => string | undefined,
  gatewayOrigin: string,
): Buffer {
  if (!body.includes('"http')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  let changes = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.startsWith('http')) return value;
      const next = pointed(value, relayedPath, gatewayOrigin);
      if (next !== value) changes += 1;
      return next;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) copy[key] = walk(inner);
      return copy;
    }
    return value;
  };
  const walked = walk(parsed);
  return changes === 0 ? body : Buffer.from(JSON.stringify(walked));
}

/**
 * The origin a client reached the gateway at: its `Host`, and https when the gateway serves TLS itself
 * (`server.tls`) or a proxy in front says so in `x-forwarded-proto`.
 */
export function gatewayOriginOf(
  headers: { host?: string | undefined; 'x-forwarded-proto'?: string | string[] | undefined },
  encrypted = false,
): string {
  const forwarded = headers['x-forwarded-proto'];
  const proxied = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https';
  return `${encrypted || proxied ? 'https' : 'http'}://${headers.host ?? '127.0.0.1'}`;
}
