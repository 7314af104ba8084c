import { type Dispatcher, request } from 'undici';

/** One outbound HTTP request made on a client's behalf (a job callback). */
export interface OutboundRequest {
  /** Absolute http(s) URL given by the client. */
  url: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** JSON body. */
  body: string;
  /** Whole-exchange limit. */
  timeoutMs: number;
  /** Aborts the request (the gateway is stopping). */
  signal?: AbortSignal | undefined;
  /** The connection pool to use (the SSRF guard's, which connects only to the address it checked). */
  dispatcher?: Dispatcher | undefined;
}

/** The receiver's status; the body is read and dropped (at most what undici buffers). */
export type SendOutbound = (outbound: OutboundRequest) => Promise<{ status: number }>;

/**
 * The one function through which the gateway POSTs to URLs that clients choose (job callbacks), so a guard against
 * requests to internal addresses (SSRF) can be put in one place. No redirects are followed.
 */
export const sendOutbound: SendOutbound = async (outbound) => {
  const response = await request(outbound.url, {
    method: 'POST',
    headers: outbound.headers,
    body: outbound.body,
    headersTimeout: outbound.timeoutMs,
    bodyTimeout: outbound.timeoutMs,
    ...(outbound.dispatcher === undefined ? {} : { dispatcher: outbound.dispatcher }),
    signal:
      outbound.signal === undefined
        ? AbortSignal.timeout(outbound.timeoutMs)
        : AbortSignal.any([outbound.signal, AbortSignal.timeout(outbound.timeoutMs)]),
  });
  await response.body.dump({ limit: 64 * 1024 }).catch(() => {});
  return { status: response.statusCode };
};
