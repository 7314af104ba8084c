import { noQuirks } from '../chat-quirks.ts';
import type { OpenAICompatiblePreset } from '../openai-compatible-preset.ts';

/**
 * vLLM's OpenAI-compatible server (`vllm serve`) on its default port 8000; a key only when started with `--api-key`.
 * It accepts OpenAI's sampling fields, `max_completion_tokens` and `stream_options`; the model's chat template
 * decides the roles, and most templates know no `developer` role.
 * @see https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
 */
export const vllm: OpenAICompatiblePreset = {
  name: 'vllm',
  baseUrl: 'http://127.0.0.1:8000/v1',
  requiresKey: false,
  appHeaders: undefined,
  quirks: { ...noQuirks, developerAsSystem: true },
};
