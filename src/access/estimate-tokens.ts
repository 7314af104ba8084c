/** Output tokens charged up front at most, whatever `max_tokens` says (the real usage settles the difference). */
export const outputAllowanceCap = 4096;

/** A request's token estimate before the call, for TPM limits and for answers that report no usage. */
export interface TokenEstimate {
  /** Input tokens: about one per four bytes of the request body. */
  inputTokens: number;
  /** Output tokens: the request's own output limit, capped. */
  outputTokens: number;
}

function limitOf(body: Record<string, unknown>): number {
  for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  const generation = body.generationConfig;
  if (typeof generation === 'object' && generation !== null) {
    const value = (generation as Record<string, unknown>).maxOutputTokens;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return 0;
}

/** Estimates a request's tokens without tokenizing: a cheap, vendor-neutral upper-ish bound settled afterwards. */
export function estimateTokens(bodyBytes: number, body: Record<string, unknown>): TokenEstimate {
  return {
    inputTokens: Math.ceil(bodyBytes / 4),
    outputTokens: Math.min(outputAllowanceCap, Math.ceil(limitOf(body))),
  };
}
