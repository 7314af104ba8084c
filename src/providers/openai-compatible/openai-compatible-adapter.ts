import type { ProviderAdapter } from '../../core/provider-adapter.ts';
import { createOpenAIAdapter, type OpenAIAdapterSettings } from '../openai/openai-adapter.ts';

/** Settings of an OpenAI-compatible server (Ollama, vLLM, llama.cpp...): the OpenAI ones, the key optional. */
export type OpenAICompatibleAdapterSettings = Omit<OpenAIAdapterSettings, 'type'>;

/** Creates the adapter for an OpenAI-compatible server; the wire format is OpenAI's, the base URL is required. */
export function createOpenAICompatibleAdapter(settings: OpenAICompatibleAdapterSettings): ProviderAdapter {
  return createOpenAIAdapter({ ...settings, type: 'openai-compatible' });
}
