import { anthropicHeaders } from './anthropic-headers.ts';
import type { Exchange } from './exchange.ts';
import { geminiHeaders } from './gemini-headers.ts';
import { openAiHeaders } from './openai-headers.ts';

/** The response headers of an exchange in its vendor's style, as a flat `[name, value, ...]` list. */
export function vendorHeaders(exchange: Exchange, contentType: string, exhausted = false): string[] {
  const options = {
    requestId: requestIdOf(exchange),
    contentType,
    processingMs: performance.now() - exchange.startedAt,
    exhausted,
  };
  if (exchange.api === 'gemini') return geminiHeaders(options);
  return exchange.api === 'anthropic' ? anthropicHeaders(options) : openAiHeaders(options);
}

/** The request id reported for an exchange. */
export function requestIdOf(exchange: Exchange): string {
  return exchange.api === 'anthropic' ? `req_01${exchange.idSuffix}` : `req_${exchange.idSuffix}`;
}
