import type { SimError } from './sim-error.ts';

/** The vendor's 400 for a body that is not JSON. */
export function malformedJson(api: 'anthropic' | 'openai' | 'gemini'): SimError {
  if (api === 'gemini') {
    return { status: 400, type: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received. Unexpected token.' };
  }
  const message =
    api === 'anthropic'
      ? 'There was an issue with the format of your request: the body is not valid JSON.'
      : 'We could not parse the JSON body of your request. Send a valid JSON object.';
  return { status: 400, type: 'invalid_request_error', code: null, message };
}
