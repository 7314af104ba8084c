import type { Readable } from 'node:stream';
import type { WireFormat } from '../core/provider-adapter.ts';
import { createSseParser, type SseEvent } from '../providers/shared/sse-parser.ts';
import { parseVendorError } from './parse-vendor-error.ts';
import { streamErrorStatus } from './stream-error-status.ts';

/** How the start of an upstream stream turned out. */
export type StreamStart =
  | {
      /** The first meaningful event arrived: the stream may be committed to the client. */
      type: 'commit';
      /** Bytes read so far, to be written first, unchanged. */
      prefix: Buffer[];
    }
  | {
      /** An in-band error arrived before anything meaningful: classify it like its HTTP status. */
      type: 'error';
      status: number;
      errorType: string | undefined;
      errorCode: string | undefined;
    }
  | {
      /** The stream ended, broke or stayed silent before anything meaningful. */
      type: 'broken';
      reason: 'ended' | 'failed' | 'first-token-timeout';
    };

function isMeaningfulAnthropic(event: SseEvent): boolean {
  return (
    event.event === 'content_block_start' ||
    event.event === 'content_block_delta' ||
    event.event === 'message_delta' ||
    event.event === 'message_stop'
  );
}

function isMeaningfulOpenAI(event: SseEvent): boolean {
  if (event.data === '[DONE]') return true;
  let chunk: {
    choices?: {
      delta?: { content?: string | null; tool_calls?: unknown[]; refusal?: string | null };
      finish_reason?: string | null;
    }[];
    usage?: unknown;
  };
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return false;
  }
  const choice = chunk.choices?.[0];
  if (choice === undefined) return chunk.usage !== undefined && chunk.usage !== null;
  const delta = choice.delta;
  return (
    (typeof delta?.content === 'string' && delta.content !== '') ||
    (Array.isArray(delta?.tool_calls) && delta.tool_calls.length > 0) ||
    (typeof delta?.refusal === 'string' && delta.refusal !== '') ||
    (choice.finish_reason !== null && choice.finish_reason !== undefined)
  );
}

function isMeaningfulGemini(event: SseEvent): boolean {
  let chunk: {
    candidates?: { content?: { parts?: { text?: unknown; functionCall?: unknown }[] }; finishReason?: unknown }[];
  };
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return false;
  }
  const candidate = chunk.candidates?.[0];
  if (candidate === undefined) return false;
  if (candidate.finishReason !== undefined) return true;
  const parts = candidate.content?.parts ?? [];
  return parts.some((part) => (typeof part.text === 'string' && part.text !== '') || part.functionCall !== undefined);
}

/** Responses events that carry content or end the response (reference openai-responses.md §4.3). */
const meaningfulResponsesEvents = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.function_call_arguments.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.output_item.done',
  'response.completed',
  'response.incomplete',
]);

function isMeaningfulResponses(event: SseEvent): boolean {
  return meaningfulResponsesEvents.has(event.event);
}

/** A `response.failed` before any content: classified by its error code, like an HTTP error. */
function responsesFailure(event: SseEvent): StreamStart | undefined {
  if (event.event !== 'response.failed') return undefined;
  let code: string | undefined;
  try {
    const data = JSON.parse(event.data) as { response?: { error?: { code?: unknown } | null } };
    code = typeof data.response?.error?.code === 'string' ? data.response.error.code : undefined;
  } catch {
    code = undefined;
  }
  return { type: 'error', status: streamErrorStatus(code, code), errorType: code, errorCode: code };
}

/** How to read a stream's events: its wire format, and for OpenAI whether it is a Responses stream. */
export type StreamDialect = WireFormat | 'openai-responses';

function inBandError(event: SseEvent, dialect: StreamDialect): StreamStart | undefined {
  if (dialect === 'openai-responses') {
    const failed = responsesFailure(event);
    if (failed !== undefined) return failed;
    if (event.event !== 'error') return undefined;
  } else if (dialect === 'anthropic' ? event.event !== 'error' : !event.data.includes('"error"')) return undefined;
  const vendor = parseVendorError(Buffer.from(event.data));
  if (vendor.errorType === undefined && vendor.errorCode === undefined) return undefined;
  return { type: 'error', status: streamErrorStatus(vendor.errorType, vendor.errorCode), ...vendor };
}

/**
 * Holds an upstream SSE stream until its first meaningful event (A12.5): Anthropic content, OpenAI a chunk with
 * content, a tool call or a finish reason, Gemini a chunk with text, a function call or a finish reason. Until then
 * nothing reaches the client, so an error event that follows a 200 (Anthropic's `overloaded_error`) can still fail
 * over invisibly. The body is paused, not consumed, afterwards.
 */
export function awaitStreamCommit(
  body: Readable,
  dialect: StreamDialect,
  firstTokenTimeoutMs: number,
): Promise<StreamStart> {
  return new Promise((resolve) => {
    const prefix: Buffer[] = [];
    let settled = false;
    const meaningful =
      dialect === 'anthropic'
        ? isMeaningfulAnthropic
        : dialect === 'openai-responses'
          ? isMeaningfulResponses
          : dialect === 'gemini'
            ? isMeaningfulGemini
            : isMeaningfulOpenAI;
    const finish = (start: StreamStart) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.pause();
      resolve(start);
    };
    const parser = createSseParser((event) => {
      if (settled) return;
      const error = inBandError(event, dialect);
      if (error !== undefined) finish(error);
      else if (meaningful(event)) finish({ type: 'commit', prefix });
    });
    const onData = (chunk: Buffer) => {
      prefix.push(chunk);
      parser.push(chunk);
    };
    const onEnd = () => {
      parser.end();
      finish({ type: 'broken', reason: 'ended' });
    };
    const onError = () => finish({ type: 'broken', reason: 'failed' });
    const timer = setTimeout(() => finish({ type: 'broken', reason: 'first-token-timeout' }), firstTokenTimeoutMs);
    // A body error after we settle must never become an uncaught exception; the relay attaches its own listener.
    body.on('error', ignore);
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

function ignore(): void {}
