/** Models the simulator lists; requests may name any model. */
const anthropicModels = [
  { id: 'claude-opus-4-7', display_name: 'Claude Opus 4.7', created_at: '2026-04-16T00:00:00Z' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2026-02-17T00:00:00Z' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
];

const openAiModels = ['gpt-5', 'gpt-5-mini', 'gpt-4.1', 'text-embedding-3-small', 'text-embedding-3-large'];

const openAiCreated = 1_700_000_000;

/**
 * Anthropic's paged model list (`limit`, `after_id`, `before_id` honoured) or one model by id (any id is served).
 * @see https://platform.claude.com/docs/en/api/models-list
 */
export function renderAnthropicModels(query: URLSearchParams, id: string | undefined): string {
  if (id !== undefined) {
    const known = anthropicModels.find((model) => model.id === id);
    return JSON.stringify({
      type: 'model',
      id,
      display_name: known?.display_name ?? id,
      created_at: known?.created_at ?? '2026-01-01T00:00:00Z',
    });
  }
  const limit = Math.max(1, Math.min(1000, Number(query.get('limit') ?? 20) || 20));
  let models = anthropicModels;
  const after = models.findIndex((model) => model.id === query.get('after_id'));
  const before = models.findIndex((model) => model.id === query.get('before_id'));
  if (after !== -1) models = models.slice(after + 1);
  else if (before !== -1) models = models.slice(0, before);
  const page = models.slice(0, limit).map((model) => ({ type: 'model', ...model }));
  return JSON.stringify({
    data: page,
    has_more: models.length > page.length,
    first_id: page[0]?.id ?? null,
    last_id: page[page.length - 1]?.id ?? null,
  });
}

/**
 * OpenAI's model list, or one model by id (any id is served).
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function renderOpenAiModels(id: string | undefined): string {
  const entry = (modelId: string) => ({ id: modelId, object: 'model', created: openAiCreated, owned_by: 'openai' });
  if (id !== undefined) return JSON.stringify(entry(id));
  return JSON.stringify({ object: 'list', data: openAiModels.map(entry) });
}

const geminiModels = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-embedding-001'];

/**
 * The Gemini model list (`models/...` names), or one model by id (any id is served).
 * @see https://ai.google.dev/api/models#method:-models.list
 */
export function renderGeminiModels(id: string | undefined): string {
  const entry = (modelId: string) => ({
    name: `models/${modelId}`,
    version: '001',
    displayName: modelId,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: modelId.includes('embedding') ? ['embedContent'] : ['generateContent', 'countTokens'],
  });
  if (id !== undefined) return JSON.stringify(entry(id));
  return JSON.stringify({ models: geminiModels.map(entry) });
}
