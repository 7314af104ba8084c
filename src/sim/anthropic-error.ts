import type { SimError } from './sim-error.ts';
import { sseFrame } from './sse-frame.ts';

const typeByStatus = new Map<number, string>([
  [400, 'invalid_request_error'],
  [401, 'authentication_error'],
  [402, 'billing_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [409, 'conflict_error'],
  [413, 'request_too_large'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [504, 'timeout_error'],
  [529, 'overloaded_error'],
]);

const messageByType = new Map<string, string>([
  ['invalid_request_error', 'Invalid request.'],
  ['authentication_error', 'Invalid API key.'],
  ['billing_error', 'Your credit balance is too low to access the API.'],
  ['permission_error', 'This API key does not have permission to use this resource.'],
  ['not_found_error', 'Not found.'],
  ['conflict_error', 'The resource is in a conflicting state.'],
  ['request_too_large', 'Request exceeds the maximum allowed size.'],
  ['rate_limit_error', 'This request would exceed the rate limit for your organization. Try again later.'],
  ['api_error', 'Internal server error.'],
  ['timeout_error', 'The request timed out.'],
  ['overloaded_error', 'Overloaded'],
]);

/** Anthropic `error.type` for an HTTP status (`api_error` for statuses without their own type). */
export function anthropicErrorType(status: number): string {
  return typeByStatus.get(status) ?? 'api_error';
}

function errorObject(error: SimError): Record<string, unknown> {
  const type = error.type ?? anthropicErrorType(error.status);
  const object: Record<string, unknown> = { type, message: error.message || messageByType.get(type) || 'Error' };
  if (typeof error.code === 'string') object.details = { error_code: error.code };
  return object;
}

/**
 * The Anthropic error body: `{type: "error", error: {type, message, details?: {error_code}}, request_id}`.
 * @see https://platform.claude.com/docs/en/api/errors
 */
export function renderAnthropicError(error: SimError, requestId: string): string {
  return JSON.stringify({ type: 'error', error: errorObject(error), request_id: requestId });
}

/** The in-band `event: error` of a Messages stream that fails after its 200 status. */
export function anthropicErrorEvent(error: SimError): Buffer {
  return sseFrame('error', JSON.stringify({ type: 'error', error: errorObject(error) }));
}
