import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

/** Largest `dimensions` the simulator produces. */
const maxDimensions = 4096;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(param: string, message: string): SimError {
  return { status: 400, type: 'invalid_request_error', param, message, code: 'invalid_value' };
}

function isInputItem(item: unknown): boolean {
  return typeof item === 'string' || typeof item === 'number' || (Array.isArray(item) && item.every(Number.isInteger));
}

/**
 * Checks an Embeddings body: `model`, `input` (string, strings, token arrays), `dimensions`, `encoding_format`.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function validateOpenAiEmbeddings(body: unknown): SimError | undefined {
  if (!isObject(body)) return invalid('body', 'The request body must be a JSON object.');
  if (typeof body.model !== 'string' || body.model.length === 0) {
    return { ...invalid('model', "Missing required parameter: 'model'."), code: 'missing_required_parameter' };
  }
  const { input } = body;
  if (input === undefined) {
    return { ...invalid('input', "Missing required parameter: 'input'."), code: 'missing_required_parameter' };
  }
  if (typeof input !== 'string' && !(Array.isArray(input) && input.length > 0 && input.every(isInputItem))) {
    return invalid('input', "Invalid 'input': expected a string, an array of strings or an array of token arrays.");
  }
  const { dimensions } = body;
  if (
    dimensions !== undefined &&
    !(Number.isInteger(dimensions) && (dimensions as number) >= 1 && (dimensions as number) <= maxDimensions)
  ) {
    return invalid('dimensions', `Invalid 'dimensions': expected an integer between 1 and ${maxDimensions}.`);
  }
  const format = body.encoding_format;
  if (format !== undefined && format !== 'float' && format !== 'base64') {
    return invalid('encoding_format', "Invalid 'encoding_format': expected 'float' or 'base64'.");
  }
  return undefined;
}
