import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * DeepSeek (`https://api.deepseek.com`, `/v1` also accepted). Text-only models; the output limit is `max_tokens`;
 * `response_format` takes `text` or `json_object` only; roles are system, user, assistant and tool.
 * @see https://api-docs.deepseek.com/api/create-chat-completion
 * @see https://api-docs.deepseek.com/guides/json_mode
 */
export const deepseek: OpenAICompatiblePreset = {
  name: 'deepseek',
  baseUrl: 'https://api.deepseek.com',
  requiresKey: true,
  appHeaders: undefined,
  quirks: {
    ...noQuirks,
    maxTokensOnly: true,
    developerAsSystem: true,
    textOnly: true,
    rejectedResponseFormats: ['json_schema'],
  },
};
