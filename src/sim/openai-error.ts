import type { SimError } from './sim-error.ts';
import { sseFrame } from './sse-frame.ts';

interface OpenAiErrorKind {
  type: string;
  code: string | null;
  message: string;
}

const kindByStatus = new Map<number, OpenAiErrorKind>([
  [400, { type: 'invalid_request_error', code: null, message: 'Invalid request.' }],
  [401, { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' }],
  [403, { type: 'invalid_request_error', code: 'permission_denied', message: 'You are not allowed to do this.' }],
  [404, { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' }],
  [408, { type: 'server_error', code: 'timeout', message: 'The request timed out.' }],
  [409, { type: 'invalid_request_error', code: 'conflict', message: 'Conflict.' }],
  [413, { type: 'invalid_request_error', code: 'request_too_large', message: 'The request is too large.' }],
  [422, { type: 'invalid_request_error', code: 'unprocessable_entity', message: 'Unprocessable request.' }],
  [
    429,
    {
      type: 'requests',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached for requests. Please try again later.',
    },
  ],
  [500, { type: 'server_error', code: null, message: 'The server had an error while processing your request.' }],
  [502, { type: 'server_error', code: 'bad_gateway', message: 'Bad gateway.' }],
  [
    503,
    { type: 'service_unavailable_error', code: 'server_is_overloaded', message: 'The engine is currently overloaded.' },
  ],
  [504, { type: 'server_error', code: 'timeout', message: 'The server timed out.' }],
]);

/** OpenAI `type`, `code` and default message for an HTTP status. */
export function openAiErrorKind(status: number): OpenAiErrorKind {
  const known = kindByStatus.get(status);
  if (known !== undefined) return known;
  if (status >= 500) return { type: 'server_error', code: null, message: 'The server had an error.' };
  return { type: 'invalid_request_error', code: null, message: 'Invalid request.' };
}

function errorObject(error: SimError): Record<string, unknown> {
  const kind = openAiErrorKind(error.status);
  return {
    message: error.message || kind.message,
    type: error.type ?? kind.type,
    param: error.param ?? null,
    code: error.code === undefined ? kind.code : error.code,
  };
}

/**
 * The OpenAI error body: `{error: {message, type, param, code}}`.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function renderOpenAiError(error: SimError): string {
  return JSON.stringify({ error: errorObject(error) });
}

/** The in-band `data: {"error": ...}` line of a chat stream that fails after its 200 status. */
export function openAiErrorEvent(error: SimError): Buffer {
  return sseFrame(undefined, JSON.stringify({ error: errorObject(error) }));
}

/**
 * The end of a Responses stream that fails after its 200 status: an `error` event carrying its fields both flat (as
 * documented) and nested (as the live API sends them), then `response.failed`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 */
export function openAiResponsesErrorEvents(error: SimError, options: { sequence: number; responseId: string }): Buffer {
  const object = errorObject(error);
  const failed = {
    type: 'response.failed',
    sequence_number: options.sequence + 1,
    response: {
      id: options.responseId,
      object: 'response',
      status: 'failed',
      error: { code: object.code ?? object.type, message: object.message },
      output: [],
      usage: null,
    },
  };
  return Buffer.concat([
    sseFrame('error', JSON.stringify({ type: 'error', sequence_number: options.sequence, ...object, error: object })),
    sseFrame('response.failed', JSON.stringify(failed)),
  ]);
}
