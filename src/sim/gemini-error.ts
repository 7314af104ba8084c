import type { SimError } from './sim-error.ts';
import { sseFrame } from './sse-frame.ts';

const statusByCode = new Map<number, string>([
  [400, 'INVALID_ARGUMENT'],
  [401, 'UNAUTHENTICATED'],
  [403, 'PERMISSION_DENIED'],
  [404, 'NOT_FOUND'],
  [409, 'ABORTED'],
  [413, 'INVALID_ARGUMENT'],
  [429, 'RESOURCE_EXHAUSTED'],
  [499, 'CANCELLED'],
  [500, 'INTERNAL'],
  [501, 'NOT_IMPLEMENTED'],
  [503, 'UNAVAILABLE'],
  [504, 'DEADLINE_EXCEEDED'],
]);

const messageByStatus = new Map<string, string>([
  ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  ['UNAUTHENTICATED', 'API key not valid. Please pass a valid API key.'],
  ['PERMISSION_DENIED', 'The caller does not have permission.'],
  ['NOT_FOUND', 'Requested entity was not found.'],
  ['RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.'],
  [
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  ],
  ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
]);

/** Google's status name for an HTTP status (`INTERNAL` for 5xx without one, `FAILED_PRECONDITION` for other 4xx). */
export function geminiStatusName(code: number): string {
  return statusByCode.get(code) ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

function errorObject(error: SimError, retryDelayS: number | undefined): Record<string, unknown> {
  const status = error.type ?? geminiStatusName(error.status);
  const object: Record<string, unknown> = {
    code: error.status,
    message: error.message || messageByStatus.get(status) || 'Error',
    status,
  };
  if (retryDelayS !== undefined) {
    object.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelayS}s` }];
  }
  return object;
}

/**
 * The Gemini error body: `{error: {code, message, status, details?}}`, a 429 with a retry hint carrying a RetryInfo
 * `retryDelay` (Google sends the hint in the body, not in a header).
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting
 */
export function renderGeminiError(error: SimError, retryDelayS?: number): string {
  return JSON.stringify({ error: errorObject(error, retryDelayS) });
}

/** The last `data: {"error": ...}` chunk of a stream that fails after its 200 status (Gemini has no error event). */
export function geminiErrorEvent(error: SimError): Buffer {
  return sseFrame(undefined, JSON.stringify({ error: errorObject(error, undefined) }));
}
