import { type ErrorKind, errorCodes } from './codes.ts';
import { OutlastError } from './outlast-error.ts';

/** A client-facing wire format: the dialect a client speaks and an error is rendered in. */
export type ClientFormat = 'openai' | 'anthropic';

/** An error response ready to write. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const anthropicTypes: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  too_large: 'request_too_large',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  upstream: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  rate_limit: 'rate_limit_error',
  unavailable: 'api_error',
  internal: 'api_error',
};

const openaiTypes: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  too_large: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'permission_error',
  not_found: 'invalid_request_error',
  upstream: 'server_error',
  overloaded: 'service_unavailable_error',
  timeout: 'server_error',
  rate_limit: 'rate_limit_error',
  unavailable: 'service_unavailable_error',
  internal: 'server_error',
};

/** The vendor error `type` for an error family in a client format. */
export function errorTypeFor(kind: ErrorKind, format: ClientFormat): string {
  return format === 'anthropic' ? anthropicTypes[kind] : openaiTypes[kind];
}

/**
 * Renders a gateway error in the client's own format, so the official SDKs raise their usual typed errors.
 * Anthropic: `{type:"error", error:{type, message, details:{error_code}}, request_id}`.
 * OpenAI: `{error:{message, type, param, code}}`. 529 exists only for Anthropic clients; OpenAI clients get 503.
 */
export function renderError(error: OutlastError, format: ClientFormat, requestId: string): RenderedError {
  const info = kindOf(error);
  let status = error.status;
  if (status === 529 && format === 'openai') status = 503;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.shouldRetry === false) headers['x-should-retry'] = 'false';
  if (error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.max(0, Math.round(error.retryAfterMs)));
  }
  const type = errorTypeFor(info, format);
  const body =
    format === 'anthropic'
      ? JSON.stringify({
          type: 'error',
          error: { type, message: error.message, details: { error_code: error.code } },
          request_id: requestId,
        })
      : JSON.stringify({ error: { message: error.message, type, param: error.param ?? null, code: error.code } });
  return { status, headers, body };
}

/** Turns anything thrown into an OutlastError (unknown throwables become OUTLAST_INTERNAL). */
export function toOutlastError(error: unknown): OutlastError {
  if (OutlastError.isOutlastError(error)) return error;
  return new OutlastError('OUTLAST_INTERNAL', 'Internal gateway error.', { cause: error });
}

function kindOf(error: OutlastError): ErrorKind {
  return errorCodes[error.code].kind;
}
