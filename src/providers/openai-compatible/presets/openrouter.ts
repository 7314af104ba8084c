import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * OpenRouter normalises requests for the providers behind it, so bodies go as they are. App attribution is by two
 * optional headers: `HTTP-Referer` (the app's URL) and `X-Title` (its display name).
 * @see https://openrouter.ai/docs/api-reference/overview
 * @see https://openrouter.ai/docs/app-attribution
 */
export const openrouter: OpenAICompatiblePreset = {
  name: 'openrouter',
  baseUrl: 'https://openrouter.ai/api/v1',
  requiresKey: true,
  appHeaders: { url: 'HTTP-Referer', name: 'X-Title' },
  quirks: noQuirks,
};
