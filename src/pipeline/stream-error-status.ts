/**
 * The HTTP status an in-band stream error stands for, so that classifyOutcome can treat an Anthropic
 * `event: error` (or a Gemini `{"error": {status}}` chunk) after a 200 like the matching status (A12.2, "mid-stream
 * error before commit").
 * @see https://platform.claude.com/docs/en/api/errors
 */
export function streamErrorStatus(errorType: string | undefined, errorCode: string | undefined): number {
  switch (errorType ?? errorCode) {
    case 'overloaded_error':
    case 'server_is_overloaded':
    case 'service_unavailable_error':
    case 'UNAVAILABLE':
      return errorType === 'overloaded_error' ? 529 : 503;
    case 'RESOURCE_EXHAUSTED':
    case 'rate_limit_error':
    case 'rate_limit_exceeded':
    case 'requests':
    case 'tokens':
      return 429;
    case 'timeout_error':
    case 'DEADLINE_EXCEEDED':
      return 504;
    case 'invalid_request_error':
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return 400;
    case 'authentication_error':
    case 'UNAUTHENTICATED':
      return 401;
    case 'permission_error':
    case 'PERMISSION_DENIED':
      return 403;
    case 'not_found_error':
    case 'NOT_FOUND':
      return 404;
    case 'billing_error':
      return 402;
    case 'request_too_large':
      return 413;
    default:
      return 500;
  }
}
