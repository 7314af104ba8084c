import { type ErrorKind, errorCodes } from './codes.ts';
import { OutlastError } from './outlast-error.ts';

/** A client-facing wire format: the dialect a client speaks and an error is rendered in. */
export type ClientFormat = 'openai' | 'anthropic' | 'gemini';

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

/** Google's canonical status names (google.rpc.Code), which the genai SDK reports as `status`. */
const geminiStatuses: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  too_large: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  upstream: 'UNAVAILABLE',
  overloaded: 'UNAVAILABLE',
  timeout: 'DEADLINE_EXCEEDED',
  rate_limit: 'RESOURCE_EXHAUSTED',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
};

/** The vendor error `type` (Gemini: `status`) for an error family in a client format. */
export function errorTypeFor(kind: ErrorKind, format: ClientFormat): string {
  if (format === 'gemini') return geminiStatuses[kind];
  return format === 'anthropic' ? anthropicTypes[kind] : openaiTypes[kind];
}

/**
 * The Gemini `error` object: `{code, message, status, details}`, the gateway code in an ErrorInfo `reason`
 * (domain `outlast`, the field at fault in `metadata.param`) and a wait hint in a RetryInfo `retryDelay`.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting
 */
export function geminiErrorObject(error: OutlastError, status: number): Record<string, unknown> {
  const info: Record<string, unknown> = {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: error.code,
    domain: 'outlast',
  };
  if (error.param !== undefined) info.metadata = { param: error.param };
  const details: Record<string, unknown>[] = [info];
  if (error.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` });
  }
  return { code: status, message: error.message, status: errorTypeFor(kindOf(error), 'gemini'), details };
}

/**
 * Renders a gateway error in the client's own format, so the official SDKs raise their usual typed errors.
 * Anthropic: `{type:"error", error:{type, message, details:{error_code}}, request_id}`.
 * OpenAI: `{error:{message, type, param, code}}`. Gemini: `{error:{code, message, status, details}}`.
 * 529 exists only for Anthropic clients; the others get 503.
 */
export function renderError(error: OutlastError, format: ClientFormat, requestId: string): RenderedError {
  const info = kindOf(error);
  let status = error.status;
  if (status === 529 && format !== 'anthropic') status = 503;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.shouldRetry === false) headers['x-should-retry'] = 'false';
  if (error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.max(0, Math.round(error.retryAfterMs)));
  }
  const type = errorTypeFor(info, format);
  const body =
    format === 'gemini'
      ? JSON.stringify({ error: geminiErrorObject(error, status) })
      : format === 'anthropic'
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
