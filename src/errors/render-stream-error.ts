import { errorCodes } from './codes.ts';
import type { OutlastError } from './outlast-error.ts';
import { type ClientFormat, errorTypeFor, geminiErrorObject } from './render-error.ts';

/**
 * An in-band SSE error event in the client's protocol, for failures after the stream was committed:
 * Anthropic `event: error` (the SDK raises it), OpenAI a `data:` line with an `error` object and no `[DONE]`,
 * Gemini (which has no in-band error event) a last `data:` chunk `{"error": {...}}` that the genai SDK raises.
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming#error-events
 */
export function renderStreamError(error: OutlastError, format: ClientFormat): string {
  if (format === 'gemini') return `data: ${JSON.stringify({ error: geminiErrorObject(error, error.status) })}\n\n`;
  const type = errorTypeFor(errorCodes[error.code].kind, format);
  if (format === 'anthropic') {
    const data = { type: 'error', error: { type, message: error.message, details: { error_code: error.code } } };
    return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
  }
  const data = { error: { message: error.message, type, param: null, code: error.code } };
  return `data: ${JSON.stringify(data)}\n\n`;
}
