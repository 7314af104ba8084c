import type { IncomingHttpHeaders } from 'node:http';
import type { WireFormat } from '../../core/provider-adapter.ts';

/** Whose API a relayed path belongs to: the wire format of the providers that can take it. */
export type RelayVendor = WireFormat;

/** Gemini's upload and download paths, under both API versions (the genai SDK's default is `v1`). */
const geminiTransferPrefixes = ['/upload/v1beta/', '/upload/v1/', '/download/v1beta/', '/download/v1/'];

/**
 * The vendor of a request for a path Outlast does not serve itself, so it can be relayed to a provider of that vendor
 * (files, batches, Gemini's countTokens...); undefined when the path is no vendor's. Gemini's paths are its own
 * (`/v1beta/`, uploads and downloads of either version, or a Gemini key under `/v1/`); under `/v1/` the Anthropic SDK is known by its
 * `anthropic-version` header or `x-api-key`, anything else is OpenAI's.
 */
export function findRelayVendor(path: string, headers: IncomingHttpHeaders, search: string): RelayVendor | undefined {
  if (path.startsWith('/v1beta/') || geminiTransferPrefixes.some((prefix) => path.startsWith(prefix))) return 'gemini';
  if (!path.startsWith('/v1/') || path.length <= 4) return undefined;
  if (headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined) return 'anthropic';
  if (headers['x-goog-api-key'] !== undefined || /(?:^|[?&])key=/.test(search)) return 'gemini';
  return 'openai';
}
