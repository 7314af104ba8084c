import type { FinishReason, StreamPart, Usage } from '../../core/canonical.ts';
import { isFields } from '../../formats/anthropic-messages/anthropic-request-fields.ts';
import { fromGeminiFinishReason } from '../../formats/gemini/gemini-finish-reason.ts';
import { fromGeminiUsage } from '../../formats/gemini/gemini-usage.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { synthesizeGeminiCallId } from './gemini-call-id.ts';
import { candidateFinishReason, candidateParts } from './read-gemini-candidate.ts';

/** Turns Gemini stream events into canonical stream parts. */
export interface GeminiStreamParser {
  /** Parts for one SSE event. */
  push(event: SseEvent): StreamPart[];
  /** Parts that close a stream which ended without a finish reason: an error part, or nothing. */
  end(): StreamPart[];
}

/**
 * Parses `streamGenerateContent?alt=sse` events (each a whole GenerateContentResponse, candidate 0 only, no `[DONE]`)
 * into canonical parts (B3): `start` on the first chunk; text deltas continuing the open text part; thoughts as
 * reasoning; each function call (they arrive whole) as a start, one arguments delta and an end, with the id
 * parseGeminiResponse would give it; a `finish` on the chunk carrying `finishReason` (its usage is the final one).
 * A `{"error": ...}` chunk, or an end without a finish reason, becomes an `error` part.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function createGeminiStreamParser(): GeminiStreamParser {
  let started = false;
  let closed = false;
  let responseId = '';
  let nextIndex = 0;
  let calls = 0;
  let open: { index: number; kind: 'text' | 'reasoning' } | undefined;
  let usage: Usage | undefined;

  function close(out: StreamPart[]): void {
    if (open === undefined) return;
    out.push({ type: 'part-end', index: open.index });
    open = undefined;
  }

  function fail(out: StreamPart[], errorType: string, message: string): StreamPart[] {
    closed = true;
    close(out);
    out.push({ type: 'error', errorType, message });
    return out;
  }

  function text(kind: 'text' | 'reasoning', value: string, signature: string | undefined, out: StreamPart[]): void {
    if (open?.kind !== kind) {
      if (value === '' && signature === undefined) return;
      close(out);
      open = { index: nextIndex++, kind };
      out.push({ type: kind === 'text' ? 'text-start' : 'reasoning-start', index: open.index });
    }
    if (kind === 'text') {
      if (value !== '') out.push({ type: 'text-delta', index: open.index, text: value });
    } else {
      out.push({ type: 'reasoning-delta', index: open.index, text: value, signature });
    }
  }

  function chunk(value: Record<string, unknown>, out: StreamPart[]): StreamPart[] {
    if (isFields(value.error)) {
      const { status, message } = value.error;
      return fail(
        out,
        typeof status === 'string' ? status : 'INTERNAL',
        typeof message === 'string' ? message : JSON.stringify(value.error),
      );
    }
    if (!started) {
      started = true;
      responseId = typeof value.responseId === 'string' ? value.responseId : '';
      const model = typeof value.modelVersion === 'string' ? value.modelVersion : '';
      out.push({ type: 'start', id: responseId, model });
    }
    if (value.usageMetadata !== undefined) usage = fromGeminiUsage(value.usageMetadata);
    for (const part of candidateParts(value)) {
      if (!isFields(part)) continue;
      if (typeof part.text === 'string') {
        const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
        if (part.thought === true) text('reasoning', part.text, signature, out);
        else text('text', part.text, undefined, out);
      } else if (isFields(part.functionCall)) {
        close(out);
        const call = part.functionCall;
        const index = nextIndex++;
        const id = typeof call.id === 'string' && call.id !== '' ? call.id : synthesizeGeminiCallId(responseId, calls);
        calls += 1;
        out.push({ type: 'tool-call-start', index, id, name: typeof call.name === 'string' ? call.name : '' });
        out.push({
          type: 'tool-call-delta',
          index,
          argumentsDelta: JSON.stringify(isFields(call.args) ? call.args : {}),
        });
        out.push({ type: 'part-end', index });
      }
    }
    const reason = candidateFinishReason(value);
    if (reason !== undefined) {
      close(out);
      closed = true;
      const finishReason: FinishReason = fromGeminiFinishReason(reason, calls > 0);
      const empty: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
      out.push({ type: 'finish', finishReason, usage: usage ?? empty });
    }
    return out;
  }

  return {
    push(event) {
      if (closed || event.data.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        return fail([], 'INTERNAL', `The upstream sent a stream event that is not JSON: ${event.data.slice(0, 200)}`);
      }
      if (!isFields(value)) return fail([], 'INTERNAL', 'The upstream sent a stream event that is not an object');
      return chunk(value, []);
    },
    end() {
      if (closed) return [];
      return fail([], 'INTERNAL', 'The upstream stream ended before its finish reason');
    },
  };
}
