import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * llama.cpp's `llama-server` on its default port 8080. It reads `max_tokens` (alias of its `n_predict`), answers
 * "Only one completion choice is allowed" to `n` > 1, and renders roles through the model's chat template.
 * @see https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
 */
export const llamaCpp: OpenAICompatiblePreset = {
  name: 'llama-cpp',
  baseUrl: 'http://127.0.0.1:8080/v1',
  requiresKey: false,
  appHeaders: undefined,
  quirks: { ...noQuirks, maxTokensOnly: true, singleChoice: true, developerAsSystem: true },
};
