import type { ProviderAdapter } from '../../core/provider-adapter.ts';
import { createOpenAIAdapter, type OpenAIAdapterSettings } from '../openai/openai-adapter.ts';
import { applyChatQuirks } from './apply-chat-quirks.ts';
import { openAICompatiblePresets } from './openai-compatible-presets.ts';
import type { PresetName } from './preset-names.ts';

/** Settings of an OpenAI-compatible server (Ollama, vLLM, llama.cpp...): the OpenAI ones, the key optional. */
export interface OpenAICompatibleAdapterSettings extends Omit<OpenAIAdapterSettings, 'type'> {
  /** The server's preset: its quirks are applied to every chat body; undefined for a plain OpenAI-like server. */
  preset?: PresetName | undefined;
  /** The app's URL, sent in the preset's attribution header (OpenRouter `HTTP-Referer`). */
  appUrl?: string | undefined;
  /** The app's display name, sent in the preset's attribution header (OpenRouter `X-Title`). */
  appName?: string | undefined;
}

/** Creates the adapter for an OpenAI-compatible server; the wire format is OpenAI's, the base URL is required. */
export function createOpenAICompatibleAdapter(settings: OpenAICompatibleAdapterSettings): ProviderAdapter {
  const { preset: presetName, appUrl, appName, ...openai } = settings;
  const preset = presetName === undefined ? undefined : openAICompatiblePresets[presetName];
  const headers: Record<string, string> = {};
  if (preset?.appHeaders !== undefined) {
    if (appUrl !== undefined) headers[preset.appHeaders.url] = appUrl;
    if (appName !== undefined) headers[preset.appHeaders.name] = appName;
  }
  const adapter = createOpenAIAdapter({
    ...openai,
    headers: { ...headers, ...openai.headers },
    type: 'openai-compatible',
  });
  if (preset === undefined) return adapter;
  const { quirks } = preset;
  return {
    ...adapter,
    rewriteBody: (body, operation) => (operation === 'chat' ? applyChatQuirks(body, quirks) : undefined),
  };
}
