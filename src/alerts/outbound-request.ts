import { type Dispatcher, request } from 'undici';

/** One outbound HTTP request of alerts or vendor status. */
export interface OutboundRequest {
  /** Absolute http(s) URL; may carry a secret (Slack and Discord webhook URLs do), so it is never logged. */
  url: string;
  /** GET or POST. */
  method: 'GET' | 'POST';
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body (POST). */
  body?: string;
  /** Whole-exchange limit, in ms. */
  timeoutMs: number;
  /** Largest response body kept, in bytes; the rest is discarded. */
  maxResponseBytes?: number;
  /** The connection pool to use (the SSRF guard's, which connects only to the address it checked). */
  dispatcher?: Dispatcher | undefined;
}

/** What came back. */
export interface OutboundResponse {
  /** HTTP status. */
  status: number;
  /** Response body as text (possibly truncated at maxResponseBytes). */
  body: string;
}

const defaultMaxResponseBytes = 4 * 1024 * 1024;

/**
 * Every outbound HTTP request of alerts and vendor status goes through here, so that one guard (SSRF: no private
 * addresses unless allowed) can be put in front of all of them. Errors name the failure, never the URL.
 */
export async function sendOutboundRequest(outbound: OutboundRequest): Promise<OutboundResponse> {
  const signal = AbortSignal.timeout(outbound.timeoutMs);
  try {
    const response = await request(outbound.url, {
      method: outbound.method,
      headers: outbound.headers ?? {},
      body: outbound.body ?? null,
      signal,
      ...(outbound.dispatcher === undefined ? {} : { dispatcher: outbound.dispatcher }),
      headersTimeout: outbound.timeoutMs,
      bodyTimeout: outbound.timeoutMs,
    });
    const limit = outbound.maxResponseBytes ?? defaultMaxResponseBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      if (size < limit) chunks.push(buffer.subarray(0, limit - size));
      size += buffer.length;
    }
    return { status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (signal.aborted) throw new Error(`no answer within ${outbound.timeoutMs} ms`);
    const code = (error as { code?: unknown }).code;
    throw new Error(`request failed: ${typeof code === 'string' ? code : (error as Error).name}`);
  }
}

/** Posts JSON and fails unless the answer is 2xx; the error carries the status and a short, URL-free excerpt. */
export async function postAlertJson(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  send?: typeof sendOutboundRequest;
}): Promise<OutboundResponse> {
  const send = options.send ?? sendOutboundRequest;
  const response = await send({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'outlast-alerts', ...options.headers },
    body: options.body,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: 16 * 1024,
  });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
  }
  return response;
}
