/** The machine-readable parts of a vendor error body. */
export interface VendorError {
  /** Anthropic `error.type` or OpenAI `error.type`. */
  errorType: string | undefined;
  /** Anthropic `error.details.error_code` or OpenAI `error.code`. */
  errorCode: string | undefined;
}

/**
 * Extracts type and code from an Anthropic (`{type:"error", error:{type, details:{error_code}}}`) or OpenAI
 * (`{error:{type, code}}`) error body; tolerant of anything else.
 * @see https://platform.claude.com/docs/en/api/errors
 */
export function parseVendorError(body: Buffer): VendorError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { errorType: undefined, errorCode: undefined };
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return { errorType: undefined, errorCode: undefined };
  const record = error as { type?: unknown; code?: unknown; details?: { error_code?: unknown } | null };
  const errorType = typeof record.type === 'string' ? record.type : undefined;
  const detailCode = record.details?.error_code;
  const errorCode =
    typeof detailCode === 'string' ? detailCode : typeof record.code === 'string' ? record.code : undefined;
  return { errorType, errorCode };
}
