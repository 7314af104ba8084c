/**
 * A served model as a Gemini `Model` (`GET /v1beta/models`, or `/v1/models` from a client that sends
 * `x-goog-api-key`): `models/<id>` names, as the genai SDK's `models.list()` reads them.
 * @see https://ai.google.dev/api/models#Model
 */
export function toGeminiModel(model: { id: string; ownedBy: string }): Record<string, unknown> {
  return {
    name: `models/${model.id}`,
    displayName: model.id,
    description: `Served by ${model.ownedBy} through Outlast.`,
    supportedGenerationMethods: ['generateContent'],
  };
}
