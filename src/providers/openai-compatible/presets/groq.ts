import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * Groq. Its compatibility page lists fields that "will result in a 400 error": `logprobs`, `logit_bias`,
 * `top_logprobs`, `messages[].name`, and `n` other than 1.
 * @see https://console.groq.com/docs/openai
 */
export const groq: OpenAICompatiblePreset = {
  name: 'groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  requiresKey: true,
  appHeaders: undefined,
  quirks: {
    ...noQuirks,
    rejectedFields: ['logprobs', 'logit_bias', 'top_logprobs'],
    rejectsMessageName: true,
    singleChoice: true,
  },
};
