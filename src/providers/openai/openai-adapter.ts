import type { ForwardRequest, Operation, ProviderAdapter } from '../../core/provider-adapter.ts';
import { createUpstreamEndpoint } from '../shared/http-forward.ts';

/** Settings of an OpenAI (or OpenAI-compatible) Chat Completions target. */
export interface OpenAIAdapterSettings {
  /** Provider id from the config. */
  providerId: string;
  /** Provider type label (`openai` or `openai-compatible`). */
  type: 'openai' | 'openai-compatible';
  /** API key sent as `Authorization: Bearer`; optional for local servers. */
  apiKey: string | undefined;
  /** Base URL including `/v1` (as the vendor SDK takes it). */
  baseUrl: string;
  /** Extra headers for every upstream request. */
  headers: Readonly<Record<string, string>>;
  /** Upstream pool size. */
  maxConnections: number;
  /** Connect timeout in ms. */
  connectTimeoutMs: number;
}

/** @see https://platform.openai.com/docs/api-reference/chat */
const paths = { chat: '/chat/completions', embeddings: '/embeddings', responses: '/responses' } as const;

/** OpenAI serves the Responses API; compatible servers are only trusted with Chat Completions and embeddings. */
const nativeOperations = {
  openai: new Set<Operation>(['chat', 'embeddings', 'responses']),
  'openai-compatible': new Set<Operation>(['chat', 'embeddings']),
} as const;

/** Creates the adapter for an OpenAI or OpenAI-compatible target. */
export function createOpenAIAdapter(settings: OpenAIAdapterSettings): ProviderAdapter {
  const endpoint = createUpstreamEndpoint(settings);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) headers.authorization = `Bearer ${settings.apiKey}`;
  const adapter: ProviderAdapter = {
    specificationVersion: 'outlast-adapter-v1',
    providerId: settings.providerId,
    type: settings.type,
    format: 'openai',
    nativeOperations: nativeOperations[settings.type],
    forward(request: ForwardRequest, options) {
      const path =
        request.operation === 'embeddings'
          ? paths.embeddings
          : request.operation === 'responses'
            ? paths.responses
            : paths.chat;
      return endpoint.post(path + request.search, headers, request.body, options);
    },
    close: () => endpoint.close(),
  };
  if (settings.type !== 'openai') return adapter;
  // OpenAI's other paths (files, batches...) are relayed; an OpenAI-compatible server's are its own business.
  return {
    ...adapter,
    relayedPath(url) {
      const path = endpoint.pathOf(url);
      return path === undefined ? undefined : `/v1${path}`;
    },
    relay(request, options) {
      const relayed: Record<string, string> = { ...settings.headers, ...request.headers };
      if (settings.apiKey !== undefined) relayed.authorization = `Bearer ${settings.apiKey}`;
      // The base URL ends in /v1, as the SDK takes it; the client's path starts with it too.
      const path = request.path.startsWith('/v1/') ? request.path.slice(3) : request.path;
      return endpoint.send(request.method, path, relayed, request.body, options);
    },
  };
}
