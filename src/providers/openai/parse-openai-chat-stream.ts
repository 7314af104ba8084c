import type { FinishReason, StreamPart, Usage } from '../../core/canonical.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import type { OpenAIChatParseOptions } from './parse-openai-chat-response.ts';
import {
  isRecord,
  readOpenAIChatFinishReason,
  readOpenAIChatUsage,
  synthesizeToolCallId,
} from './read-openai-chat-fields.ts';
import { createOpenAIStreamPartTracker } from './track-openai-stream-parts.ts';

/** Turns OpenAI stream events into canonical stream parts. */
export interface OpenAIChatStreamParser {
  /** Parts for one SSE event (often none). */
  push(event: SseEvent): StreamPart[];
  /** Parts that close the stream when it ended early (no `[DONE]`): pending parts and a finish, or nothing. */
  end(): StreamPart[];
}

/**
 * Parses `chat.completion.chunk` events (choice 0 only) into canonical parts (B4.3, OpenAI → Anthropic column):
 * `start` on the first chunk; text, refusal (as text) and non-standard `reasoning_content` deltas; tool calls keyed by
 * `index` and opened once their name is known; the finish reason held until the usage chunk or `[DONE]`, then one
 * `finish` with the usage (zeros when the upstream sent none). A `{"error":…}` line becomes an `error` part.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function createOpenAIChatStreamParser(options: OpenAIChatParseOptions = {}): OpenAIChatStreamParser {
  const restore = options.restoreToolName ?? ((sent: string) => sent);
  let started = false;
  let closed = false;
  let responseId = '';
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  let refused = false;
  const parts = createOpenAIStreamPartTracker({
    restoreToolName: restore,
    synthesizeId: (index) => synthesizeToolCallId(responseId, index),
  });

  function fail(out: StreamPart[], errorType: string, message: string): StreamPart[] {
    closed = true;
    out.push({ type: 'error', errorType, message });
    return out;
  }

  function finish(out: StreamPart[], reason: FinishReason): StreamPart[] {
    if (!started) return fail(out, 'server_error', 'The upstream stream ended without sending a chunk');
    parts.close(out);
    closed = true;
    const empty: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    out.push({ type: 'finish', finishReason: refused ? 'refusal' : reason, usage: usage ?? empty });
    return out;
  }

  function chunk(value: Record<string, unknown>, out: StreamPart[]): StreamPart[] {
    if (isRecord(value.error)) {
      const { type, code, message } = value.error;
      const errorType = typeof type === 'string' ? type : typeof code === 'string' ? code : 'server_error';
      return fail(out, errorType, typeof message === 'string' ? message : JSON.stringify(value.error));
    }
    // Azure opens its streams with a `prompt_filter_results` chunk whose id, model and choices are empty.
    if (!started && value.id === '' && Array.isArray(value.choices) && value.choices.length === 0) return out;
    if (!started) {
      started = true;
      responseId = typeof value.id === 'string' ? value.id : '';
      out.push({ type: 'start', id: responseId, model: typeof value.model === 'string' ? value.model : '' });
    }
    if (isRecord(value.usage)) usage = readOpenAIChatUsage(value.usage);
    const choices: unknown[] = Array.isArray(value.choices) ? value.choices : [];
    const choice = choices.find((item) => isRecord(item) && (item.index ?? 0) === 0);
    if (isRecord(choice)) {
      const delta = isRecord(choice.delta) ? choice.delta : {};
      if (typeof delta.reasoning_content === 'string') parts.text('reasoning', delta.reasoning_content, out);
      if (typeof delta.content === 'string') parts.text('text', delta.content, out);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        refused = true;
        parts.text('text', delta.refusal, out);
      }
      if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) parts.toolCall(call, out);
      if (typeof choice.finish_reason === 'string') {
        parts.close(out);
        finishReason = readOpenAIChatFinishReason(choice.finish_reason);
      }
    }
    // The finish is held until the usage arrives (its own chunk, after the finish chunk) or `[DONE]`.
    return finishReason !== undefined && usage !== undefined ? finish(out, finishReason) : out;
  }

  return {
    push(event) {
      // An empty event is a keep-alive some compatible servers send.
      if (closed || event.data.trim() === '') return [];
      const out: StreamPart[] = [];
      if (event.data === '[DONE]') return finish(out, finishReason ?? 'stop');
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        return fail(
          out,
          'server_error',
          `The upstream sent a stream event that is not JSON: ${event.data.slice(0, 200)}`,
        );
      }
      if (!isRecord(value)) return fail(out, 'server_error', 'The upstream sent a stream event that is not an object');
      // A few compatible servers name the event `error` and put the error object at the top level.
      return chunk(event.event === 'error' && !isRecord(value.error) ? { error: value } : value, out);
    },
    end() {
      if (closed) return [];
      return finish([], finishReason ?? 'other');
    },
  };
}
