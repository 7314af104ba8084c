import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * Ollama's OpenAI-compatible endpoint on its default port 11434; no key (the SDK needs one, Ollama ignores it).
 * Its documented request fields list `max_tokens` but not `max_completion_tokens` (ignored, so the limit would be
 * lost); chat templates know system, user, assistant and tool roles.
 * @see https://docs.ollama.com/api/openai-compatibility
 */
export const ollama: OpenAICompatiblePreset = {
  name: 'ollama',
  baseUrl: 'http://127.0.0.1:11434/v1',
  requiresKey: false,
  appHeaders: undefined,
  quirks: { ...noQuirks, maxTokensOnly: true, developerAsSystem: true },
};
