import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

/** One request of a Message Batch as created. */
export interface BatchRequest {
  /** The caller's id of the request. */
  customId: string;
  /** A Messages API body (validated only when the batch runs, as the API does). */
  params: JsonObject;
}

const customIdPattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** Most requests in one batch. */
export const maxBatchRequests = 100_000;

function invalid(message: string): SimError {
  return { status: 400, type: 'invalid_request_error', message };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCustomId(value: unknown, at: string): SimError | undefined {
  if (value === undefined) return invalid(`${at}.custom_id: Field required`);
  if (typeof value !== 'string') return invalid(`${at}.custom_id: Input should be a valid string`);
  if (value.length === 0) return invalid(`${at}.custom_id: String should have at least 1 character`);
  if (value.length > 64) return invalid(`${at}.custom_id: String should have at most 64 characters`);
  if (!customIdPattern.test(value)) {
    return invalid(`${at}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
  }
  return undefined;
}

/**
 * Reads the body of `POST /v1/messages/batches` as the API does at creation: `requests` present, 1 to 100,000 items,
 * each with a well-formed, unique `custom_id` and a `params` object. The params themselves are checked per request
 * when the batch runs (an invalid one becomes an `errored` result, not a refused batch).
 * @see https://platform.claude.com/docs/en/api/creating-message-batches
 */
export function readBatchRequests(body: unknown): BatchRequest[] | SimError {
  if (!isObject(body)) return invalid('request body: Input should be a valid dictionary');
  const { requests } = body;
  if (requests === undefined) return invalid('requests: Field required');
  if (!Array.isArray(requests)) return invalid('requests: Input should be a valid list');
  if (requests.length === 0) return invalid('requests: List should have at least 1 item after validation, not 0');
  if (requests.length > maxBatchRequests) {
    return invalid(
      `requests: List should have at most ${maxBatchRequests} items after validation, not ${requests.length}`,
    );
  }
  const read: BatchRequest[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < requests.length; index++) {
    const request = requests[index];
    const at = `requests.${index}`;
    if (!isObject(request)) return invalid(`${at}: Input should be a valid dictionary`);
    const problem = checkCustomId(request.custom_id, at);
    if (problem !== undefined) return problem;
    if (request.params === undefined) return invalid(`${at}.params: Field required`);
    if (!isObject(request.params)) return invalid(`${at}.params: Input should be a valid dictionary`);
    const customId = request.custom_id as string;
    if (seen.has(customId)) {
      return invalid(`requests: custom_id's must be unique within a batch. Duplicate custom_id found: ${customId}`);
    }
    seen.add(customId);
    read.push({ customId, params: request.params });
  }
  return read;
}
