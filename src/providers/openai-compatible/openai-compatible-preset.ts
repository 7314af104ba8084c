import type { ChatQuirks } from './chat-quirks.ts';
import type { PresetName } from './preset-names.ts';

/** The documented facts of one OpenAI-compatible server, as a preset applies them. */
export interface OpenAICompatiblePreset {
  /** The preset name as written in the config. */
  name: PresetName;
  /** Base URL used when `base_url` is omitted, written as the OpenAI SDK takes it (with `/v1` where the server has it). */
  baseUrl: string;
  /** Whether the server needs an API key (hosted services do; local servers ignore it). */
  requiresKey: boolean;
  /** Header names for the provider's `app_url` and `app_name`, for servers that attribute traffic to an app. */
  appHeaders: { url: string; name: string } | undefined;
  /** How Chat Completions bodies are rewritten for this server. */
  quirks: ChatQuirks;
}
