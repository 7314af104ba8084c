import type { ForwardRequest, ProviderAdapter } from '../../core/provider-adapter.ts';
import { createUpstreamEndpoint } from '../shared/http-forward.ts';
import { toAzureDeploymentPath } from './to-azure-deployment-path.ts';

/** Settings of an Azure OpenAI resource. */
export interface AzureOpenAIAdapterSettings {
  /** Provider id from the config. */
  providerId: string;
  /** The resource key, sent as the `api-key` header (Azure does not take it as Bearer). */
  apiKey: string | undefined;
  /** The resource endpoint, `https://<resource>.openai.azure.com`, without a path. */
  baseUrl: string;
  /** The `api-version` query parameter of every request. */
  apiVersion: string;
  /** Model names mapped to deployment names; a model not listed is used as the deployment name. */
  deployments: Readonly<Record<string, string>>;
  /** Extra headers for every upstream request. */
  headers: Readonly<Record<string, string>>;
  /** Upstream pool size. */
  maxConnections: number;
  /** Connect timeout in ms. */
  connectTimeoutMs: number;
}

/**
 * Creates the adapter for Azure OpenAI: OpenAI's Chat Completions and Embeddings wire format on per-deployment paths,
 * the key in `api-key`. Errors (`{"error":{"code","message"}}`, content filtering as 400 `content_filter`) and the
 * `content_filter` finish reason are OpenAI-shaped, so the OpenAI parsers and classifiers read them as they are.
 * @see https://learn.microsoft.com/azure/ai-services/openai/reference
 */
export function createAzureOpenAIAdapter(settings: AzureOpenAIAdapterSettings): ProviderAdapter {
  const endpoint = createUpstreamEndpoint(settings);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) headers['api-key'] = settings.apiKey;
  const paths = new Map<string, string>();
  return {
    specificationVersion: 'outlast-adapter-v1',
    providerId: settings.providerId,
    type: 'azure-openai',
    format: 'openai',
    forward(request: ForwardRequest, options) {
      const key = `${request.operation} ${request.model}`;
      let path = paths.get(key);
      if (path === undefined) {
        path = toAzureDeploymentPath({
          operation: request.operation,
          deployment: settings.deployments[request.model] ?? request.model,
          apiVersion: settings.apiVersion,
        });
        if (paths.size < 1024) paths.set(key, path);
      }
      return endpoint.post(path, headers, request.body, options);
    },
    close: () => endpoint.close(),
  };
}
