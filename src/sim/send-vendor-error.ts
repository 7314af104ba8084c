import { renderAnthropicError } from './anthropic-error.ts';
import type { Exchange } from './exchange.ts';
import { renderGeminiError } from './gemini-error.ts';
import { renderOpenAiError } from './openai-error.ts';
import type { SimError } from './sim-error.ts';
import { requestIdOf, vendorHeaders } from './vendor-headers.ts';

/** Extra headers of an error response. */
export interface ErrorHeaders {
  /** `retry-after`, in seconds. */
  retryAfterS?: number | undefined;
  /** `retry-after-ms`. */
  retryAfterMs?: number | undefined;
}

/** Answers an exchange with an error in its vendor's shape and headers. */
export function sendVendorError(exchange: Exchange, error: SimError, extra: ErrorHeaders = {}): void {
  if (exchange.closed) return;
  // Google puts the wait of a 429 in the body (RetryInfo) rather than in a header.
  const body =
    exchange.api === 'gemini'
      ? renderGeminiError(
          error,
          extra.retryAfterS ?? (extra.retryAfterMs === undefined ? undefined : extra.retryAfterMs / 1000),
        )
      : exchange.api === 'anthropic'
        ? renderAnthropicError(error, requestIdOf(exchange))
        : renderOpenAiError(error);
  const bytes = Buffer.from(body, 'utf8');
  const headers = vendorHeaders(exchange, 'application/json', error.status === 429);
  headers.push('content-length', String(bytes.length));
  if (exchange.api !== 'gemini') {
    if (extra.retryAfterS !== undefined) headers.push('retry-after', String(extra.retryAfterS));
    if (extra.retryAfterMs !== undefined) headers.push('retry-after-ms', String(extra.retryAfterMs));
  }
  exchange.response.writeHead(error.status, headers);
  exchange.response.end(bytes);
}
