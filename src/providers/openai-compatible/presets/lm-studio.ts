import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * LM Studio's local server on its default port 1234. It reads `max_tokens`, supports structured output through
 * `response_format` `json_schema` only (a `json_object` request is refused), and renders roles through the model's
 * chat template.
 * @see https://lmstudio.ai/docs/app/api/endpoints/openai
 * @see https://lmstudio.ai/docs/app/api/structured-output
 */
export const lmStudio: OpenAICompatiblePreset = {
  name: 'lm-studio',
  baseUrl: 'http://127.0.0.1:1234/v1',
  requiresKey: false,
  appHeaders: undefined,
  quirks: { ...noQuirks, maxTokensOnly: true, developerAsSystem: true, rejectedResponseFormats: ['json_object'] },
};
