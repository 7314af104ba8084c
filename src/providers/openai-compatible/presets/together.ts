import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * Together AI. Its chat completions reference documents the output limit as `max_tokens`.
 * @see https://docs.together.ai/reference/chat-completions-1
 * @see https://docs.together.ai/docs/openai-api-compatibility
 */
export const together: OpenAICompatiblePreset = {
  name: 'together',
  baseUrl: 'https://api.together.xyz/v1',
  requiresKey: true,
  appHeaders: undefined,
  quirks: { ...noQuirks, maxTokensOnly: true },
};
