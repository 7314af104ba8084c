import type { ForwardRequest, ProviderAdapter } from '../../core/provider-adapter.ts';
import { createUpstreamEndpoint } from '../shared/http-forward.ts';

/** Settings of an Anthropic Messages API target. */
export interface AnthropicAdapterSettings {
  /** Provider id from the config. */
  providerId: string;
  /** API key sent as `x-api-key`. */
  apiKey: string | undefined;
  /** Base URL without `/v1` (as the vendor SDK takes it). */
  baseUrl: string;
  /** The `anthropic-version` to send; undefined = the client's, or 2023-06-01. */
  anthropicVersion: string | undefined;
  /** Extra headers for every upstream request. */
  headers: Readonly<Record<string, string>>;
  /** Upstream pool size. */
  maxConnections: number;
  /** Connect timeout in ms. */
  connectTimeoutMs: number;
}

/** @see https://platform.claude.com/docs/en/api/messages */
const paths = { messages: '/v1/messages', count_tokens: '/v1/messages/count_tokens' } as const;

/** Creates the adapter for an Anthropic target. */
export function createAnthropicAdapter(settings: AnthropicAdapterSettings): ProviderAdapter {
  const endpoint = createUpstreamEndpoint(settings);
  const fixed: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) fixed['x-api-key'] = settings.apiKey;
  return {
    specificationVersion: 'outlast-adapter-v1',
    providerId: settings.providerId,
    type: 'anthropic',
    format: 'anthropic',
    forward(request: ForwardRequest, options) {
      const path = request.operation === 'count_tokens' ? paths.count_tokens : paths.messages;
      const headers: Record<string, string> = { ...fixed };
      headers['anthropic-version'] =
        settings.anthropicVersion ?? request.passHeaders['anthropic-version'] ?? '2023-06-01';
      // The client's beta flags and agent headers (passHeaders holds only what the endpoint lets through).
      for (const [name, value] of Object.entries(request.passHeaders))
        if (name !== 'anthropic-version') headers[name] = value;
      return endpoint.post(path + request.search, headers, request.body, options);
    },
    relayedPath: (url) => endpoint.pathOf(url),
    relay(request, options) {
      const headers: Record<string, string> = { ...settings.headers, ...request.headers };
      if (settings.apiKey !== undefined) headers['x-api-key'] = settings.apiKey;
      headers['anthropic-version'] = settings.anthropicVersion ?? request.headers['anthropic-version'] ?? '2023-06-01';
      return endpoint.send(request.method, request.path, headers, request.body, options);
    },
    close: () => endpoint.close(),
  };
}
