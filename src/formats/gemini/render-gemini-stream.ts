import type { StreamPart } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { renderStreamError } from '../../errors/render-stream-error.ts';
import { toGeminiFinishReason } from './gemini-finish-reason.ts';
import { toGeminiUsage } from './gemini-usage.ts';

/** Options of createGeminiStreamRenderer. */
export interface GeminiStreamRendererOptions {
  /** Model name to report in `modelVersion`. */
  model: string;
}

/** Turns canonical stream parts into Gemini `alt=sse` text, one part at a time. */
export interface GeminiStreamRenderer {
  /** SSE text for one part (may be empty). */
  push(part: StreamPart): string;
  /** SSE text that closes the stream: nothing after a finish, an error chunk if none came. */
  end(): string;
}

const statusByErrorType: Record<string, string> = {
  overloaded_error: 'UNAVAILABLE',
  service_unavailable_error: 'UNAVAILABLE',
  rate_limit_error: 'RESOURCE_EXHAUSTED',
  timeout_error: 'DEADLINE_EXCEEDED',
  invalid_request_error: 'INVALID_ARGUMENT',
};

const codeByStatus: Record<string, number> = {
  UNAVAILABLE: 503,
  RESOURCE_EXHAUSTED: 429,
  DEADLINE_EXCEEDED: 504,
  INVALID_ARGUMENT: 400,
  INTERNAL: 500,
};

/**
 * Renders a canonical stream as Gemini `streamGenerateContent?alt=sse` chunks (`data: <GenerateContentResponse>`,
 * no `[DONE]`): one chunk per text delta; a function call in one chunk once its arguments are whole (Gemini sends
 * calls whole); a last chunk with `finishReason` and `usageMetadata`. Reasoning is left out. An error part, or a
 * stream that ends without a finish, becomes a last `data: {"error": {...}}` chunk, which the genai SDK raises.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function createGeminiStreamRenderer(options: GeminiStreamRendererOptions): GeminiStreamRenderer {
  let responseId = '';
  let closed = false;
  const calls = new Map<number, { id: string; name: string; args: string }>();

  function chunk(parts: Record<string, unknown>[], extra: Record<string, unknown> = {}, usage?: unknown): string {
    const candidate: Record<string, unknown> = { content: { role: 'model', parts }, ...extra, index: 0 };
    const body: Record<string, unknown> = { candidates: [candidate] };
    if (usage !== undefined) body.usageMetadata = usage;
    body.modelVersion = options.model;
    body.responseId = responseId;
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  function flushCall(index: number): string {
    const call = calls.get(index);
    if (call === undefined) return '';
    calls.delete(index);
    let args: unknown = {};
    try {
      args = call.args === '' ? {} : JSON.parse(call.args);
    } catch {
      args = {};
    }
    return chunk([{ functionCall: { id: call.id, name: call.name, args } }]);
  }

  function flushAll(): string {
    let text = '';
    for (const index of [...calls.keys()]) text += flushCall(index);
    return text;
  }

  function render(part: StreamPart): string {
    switch (part.type) {
      case 'start':
        responseId = part.id;
        return '';
      case 'text-delta':
        return part.text === '' ? '' : chunk([{ text: part.text }]);
      case 'tool-call-start':
        calls.set(part.index, { id: part.id, name: part.name, args: '' });
        return '';
      case 'tool-call-delta': {
        const call = calls.get(part.index);
        if (call !== undefined) call.args += part.argumentsDelta;
        return '';
      }
      case 'part-end':
        return flushCall(part.index);
      case 'finish': {
        closed = true;
        const extra = { finishReason: toGeminiFinishReason(part.finishReason) };
        return flushAll() + chunk([{ text: '' }], extra, toGeminiUsage(part.usage));
      }
      case 'error': {
        closed = true;
        const status =
          statusByErrorType[part.errorType] ??
          (codeByStatus[part.errorType] === undefined ? 'INTERNAL' : part.errorType);
        const error = { code: codeByStatus[status] ?? 500, message: part.message, status };
        return `data: ${JSON.stringify({ error })}\n\n`;
      }
      default:
        return '';
    }
  }

  return {
    push(part) {
      return closed ? '' : render(part);
    },
    end() {
      if (closed) return '';
      closed = true;
      const error = new OutlastError(
        'OUTLAST_STREAM_INTERRUPTED',
        'The upstream stream ended before the answer finished',
      );
      return renderStreamError(error, 'gemini');
    },
  };
}
