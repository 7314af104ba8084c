import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): SimError {
  return { status: 400, type: 'INVALID_ARGUMENT', message };
}

/**
 * Checks a generateContent body for the fields the simulator reads, in Google's wording (`* GenerateContentRequest.
 * <field>: ...`).
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function validateGeminiRequest(body: unknown): SimError | undefined {
  if (!isObject(body)) return invalid('Invalid JSON payload received. Expected an object.');
  const { contents } = body;
  if (!Array.isArray(contents) || contents.length === 0) {
    return invalid('* GenerateContentRequest.contents: contents is not specified');
  }
  for (let index = 0; index < contents.length; index++) {
    const content = contents[index];
    if (!isObject(content) || !Array.isArray(content.parts) || content.parts.length === 0) {
      return invalid(`* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`);
    }
    if (
      content.role !== undefined &&
      content.role !== 'user' &&
      content.role !== 'model' &&
      content.role !== 'function'
    ) {
      return invalid(`* GenerateContentRequest.contents[${index}].role: Please use a valid role: user, model.`);
    }
  }
  const count = isObject(body.generationConfig) ? body.generationConfig.candidateCount : undefined;
  if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 8)) {
    return invalid('* GenerateContentRequest.generation_config.candidate_count: must be between 1 and 8.');
  }
  return undefined;
}
