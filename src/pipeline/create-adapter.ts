import { DEFAULT_AZURE_API_VERSION, type ProviderConfig } from '../config/schema.ts';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { createAnthropicAdapter } from '../providers/anthropic/anthropic-adapter.ts';
import { createAzureOpenAIAdapter } from '../providers/azure-openai/azure-openai-adapter.ts';
import { createGeminiAdapter } from '../providers/gemini/gemini-adapter.ts';
import { createOpenAIAdapter } from '../providers/openai/openai-adapter.ts';
import { createOpenAICompatibleAdapter } from '../providers/openai-compatible/openai-compatible-adapter.ts';

/** The provider registry: one line per provider type. */
export function createAdapter(provider: ProviderConfig, connectTimeoutMs: number): ProviderAdapter {
  const common = {
    providerId: provider.id,
    apiKey: provider.api_key,
    headers: provider.headers ?? {},
    maxConnections: provider.max_connections,
    connectTimeoutMs,
  };
  switch (provider.type) {
    case 'anthropic':
      return createAnthropicAdapter({
        ...common,
        baseUrl: provider.base_url,
        anthropicVersion: provider.anthropic_version,
      });
    case 'openai':
      return createOpenAIAdapter({ ...common, type: 'openai', baseUrl: provider.base_url });
    case 'openai-compatible':
      return createOpenAICompatibleAdapter({
        ...common,
        baseUrl: provider.base_url,
        preset: provider.preset,
        appUrl: provider.app_url,
        appName: provider.app_name,
      });
    case 'gemini':
      return createGeminiAdapter({ ...common, baseUrl: provider.base_url });
    case 'azure-openai':
      return createAzureOpenAIAdapter({
        ...common,
        baseUrl: provider.base_url,
        apiVersion: provider.api_version ?? DEFAULT_AZURE_API_VERSION,
        deployments: provider.deployments ?? {},
      });
  }
}
