import type { ForwardRequest, ProviderAdapter } from '../../core/provider-adapter.ts';
import { createUpstreamEndpoint } from '../shared/http-forward.ts';

/** Settings of a Gemini API (Google AI Studio) target. */
export interface GeminiAdapterSettings {
  /** Provider id from the config. */
  providerId: string;
  /** API key sent as `x-goog-api-key` (never in the query string, where it would end up in access logs). */
  apiKey: string | undefined;
  /** Base URL without the API version (as the genai SDK takes it), e.g. `https://generativelanguage.googleapis.com`. */
  baseUrl: string;
  /** Extra headers for every upstream request. */
  headers: Readonly<Record<string, string>>;
  /** Upstream pool size. */
  maxConnections: number;
  /** Connect timeout in ms. */
  connectTimeoutMs: number;
}

/** The upstream path of a generation: the model in the URL, `alt=sse` for a stream. */
export function geminiPath(model: string, stream: boolean): string {
  const name = model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
  return stream ? `/v1beta/${name}:streamGenerateContent?alt=sse` : `/v1beta/${name}:generateContent`;
}

/**
 * Creates the adapter for a Gemini target. The request body is sent as it is (pass-through or translated); the
 * model goes in the path, and the client's query string (its `key`, its `alt`) is never forwarded.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGeminiAdapter(settings: GeminiAdapterSettings): ProviderAdapter {
  const endpoint = createUpstreamEndpoint(settings);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) headers['x-goog-api-key'] = settings.apiKey;
  return {
    specificationVersion: 'outlast-adapter-v1',
    providerId: settings.providerId,
    type: 'gemini',
    format: 'gemini',
    forward(request: ForwardRequest, options) {
      return endpoint.post(geminiPath(request.model ?? '', request.stream), headers, request.body, options);
    },
    relayedPath: (url) => endpoint.pathOf(url),
    relay(request, options) {
      const relayed: Record<string, string> = { ...settings.headers, ...request.headers };
      if (settings.apiKey !== undefined) relayed['x-goog-api-key'] = settings.apiKey;
      return endpoint.send(request.method, request.path, relayed, request.body, options);
    },
    close: () => endpoint.close(),
  };
}
