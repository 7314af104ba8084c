/**
 * The HTTP status an in-band stream error stands for, so that classifyOutcome can treat an Anthropic
 * `event: error` after a 200 like the matching status (A12.2, "mid-stream error before commit").
 * @see https://platform.claude.com/docs/en/api/errors
 */
export function streamErrorStatus(errorType: string | undefined, errorCode: string | undefined): number {
  switch (errorType ?? errorCode) {
    case 'overloaded_error':
    case 'server_is_overloaded':
    case 'service_unavailable_error':
      return errorType === 'overloaded_error' ? 529 : 503;
    case 'rate_limit_error':
    case 'rate_limit_exceeded':
    case 'requests':
    case 'tokens':
      return 429;
    case 'timeout_error':
      return 504;
    case 'invalid_request_error':
      return 400;
    case 'authentication_error':
      return 401;
    case 'permission_error':
      return 403;
    case 'not_found_error':
      return 404;
    case 'billing_error':
      return 402;
    case 'request_too_large':
      return 413;
    default:
      return 500;
  }
}
