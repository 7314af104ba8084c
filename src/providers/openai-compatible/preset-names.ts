/** The `preset` values of an `openai-compatible` provider: local servers first, then hosted services. */
export const PRESET_NAMES = [
  'ollama',
  'vllm',
  'llama-cpp',
  'lm-studio',
  'groq',
  'mistral',
  'together',
  'deepseek',
  'openrouter',
] as const;

/** One preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];
