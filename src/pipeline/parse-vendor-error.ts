/** The machine-readable parts of a vendor error body. */
export interface VendorError {
  /** Anthropic `error.type`, OpenAI `error.type`, or Gemini `error.status` (`RESOURCE_EXHAUSTED`...). */
  errorType: string | undefined;
  /** Anthropic `error.details.error_code` or OpenAI `error.code`. */
  errorCode: string | undefined;
  /** Gemini's wait hint: the `retryDelay` of a `google.rpc.RetryInfo` detail, in ms. */
  retryAfterMs?: number | undefined;
}

/** The `retryDelay` of a RetryInfo detail (a protobuf Duration such as `"17s"` or `"1.5s"`), in ms. */
function retryDelayMs(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const record = detail as { '@type'?: unknown; retryDelay?: unknown } | null;
    if (typeof record?.retryDelay !== 'string' || !record.retryDelay.endsWith('s')) continue;
    const seconds = Number(record.retryDelay.slice(0, -1));
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  }
  return undefined;
}

/**
 * Extracts type and code from an Anthropic (`{type:"error", error:{type, details:{error_code}}}`), OpenAI
 * (`{error:{type, code}}`) or Gemini (`{error:{code, message, status, details:[RetryInfo...]}}`, possibly inside a
 * one-element array) error body; tolerant of anything else.
 * @see https://platform.claude.com/docs/en/api/errors
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting
 */
export function parseVendorError(body: Buffer): VendorError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { errorType: undefined, errorCode: undefined };
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return { errorType: undefined, errorCode: undefined };
  const record = error as {
    type?: unknown;
    code?: unknown;
    status?: unknown;
    details?: { error_code?: unknown } | unknown[] | null;
  };
  const errorType =
    typeof record.type === 'string' ? record.type : typeof record.status === 'string' ? record.status : undefined;
  const detailCode = Array.isArray(record.details) ? undefined : record.details?.error_code;
  const errorCode =
    typeof detailCode === 'string' ? detailCode : typeof record.code === 'string' ? record.code : undefined;
  const retryAfterMs = retryDelayMs(record.details);
  return retryAfterMs === undefined ? { errorType, errorCode } : { errorType, errorCode, retryAfterMs };
}
