import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * Mistral's La Plateforme. The API forbids fields it does not know (422 `extra_forbidden`, e.g. on
 * `max_completion_tokens` or `stream_options`; its message objects take no `name`), names the seed `random_seed`, knows no `developer` role, and
 * requires tool-call ids of exactly 9 letters and digits ("Tool call id was call_… but must be a-z, A-Z, 0-9, with
 * a length of 9"). Streams end with a usage chunk without being asked.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */
export const mistral: OpenAICompatiblePreset = {
  name: 'mistral',
  baseUrl: 'https://api.mistral.ai/v1',
  requiresKey: true,
  appHeaders: undefined,
  quirks: {
    ...noQuirks,
    maxTokensOnly: true,
    seedField: 'random_seed',
    acceptedFields: [
      'model',
      'messages',
      'temperature',
      'top_p',
      'max_tokens',
      'stream',
      'stop',
      'random_seed',
      'response_format',
      'tools',
      'tool_choice',
      'presence_penalty',
      'frequency_penalty',
      'n',
      'prediction',
      'parallel_tool_calls',
      'safe_prompt',
      'prompt_mode',
    ],
    developerAsSystem: true,
    rejectsMessageName: true,
    toolCallIds: 'nine-alphanumeric',
  },
};
