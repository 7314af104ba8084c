import type { OpenAICompatiblePreset } from './openai-compatible-preset.ts';
import type { PresetName } from './preset-names.ts';
import { deepseek } from './presets/deepseek.ts';
import { groq } from './presets/groq.ts';
import { llamaCpp } from './presets/llama-cpp.ts';
import { lmStudio } from './presets/lm-studio.ts';
import { mistral } from './presets/mistral.ts';
import { ollama } from './presets/ollama.ts';
import { openrouter } from './presets/openrouter.ts';
import { together } from './presets/together.ts';
import { vllm } from './presets/vllm.ts';

/** Every preset by name (docs/providers.md describes each). */
export const openAICompatiblePresets: Readonly<Record<PresetName, OpenAICompatiblePreset>> = {
  ollama,
  vllm,
  'llama-cpp': llamaCpp,
  'lm-studio': lmStudio,
  groq,
  mistral,
  together,
  deepseek,
  openrouter,
};
