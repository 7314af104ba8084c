import type { Operation } from '../../core/provider-adapter.ts';

/**
 * The path of one Azure OpenAI inference call: `/openai/deployments/{deployment}/chat/completions` (or
 * `/embeddings`) with the `api-version` query parameter Azure requires on every call.
 * @see https://learn.microsoft.com/azure/ai-services/openai/reference#chat-completions
 */
export function toAzureDeploymentPath(options: {
  operation: Operation;
  deployment: string;
  apiVersion: string;
}): string {
  const leaf = options.operation === 'embeddings' ? 'embeddings' : 'chat/completions';
  return `/openai/deployments/${encodeURIComponent(options.deployment)}/${leaf}?api-version=${encodeURIComponent(options.apiVersion)}`;
}
