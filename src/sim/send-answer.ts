import { anthropicErrorEvent } from './anthropic-error.ts';
import type { Exchange } from './exchange.ts';
import { geminiErrorEvent } from './gemini-error.ts';
import { openAiErrorEvent, openAiResponsesErrorEvents } from './openai-error.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import { fillPiece } from './response-template.ts';
import type { SimError } from './sim-error.ts';
import { vendorHeaders } from './vendor-headers.ts';

/** Runs `step(exchange)` now, or after `delayMs` on the exchange's timer. */
export function schedule(exchange: Exchange, delayMs: number, step: (exchange: Exchange) => void): void {
  if (delayMs <= 0) step(exchange);
  else exchange.timer = setTimeout(step, delayMs, exchange);
}

/** Ends the connection without finishing the response (pending bytes are flushed first). */
export function dropConnection(exchange: Exchange): void {
  exchange.dropped = true;
  const socket = exchange.response.socket;
  if (socket === null) exchange.response.destroy();
  else socket.end();
}

/** The error of a `stream_error` fault, defaulting to the vendor's overload error. */
export function streamFaultError(exchange: Exchange): SimError {
  const fault = exchange.fault;
  return {
    status: fault?.status ?? (exchange.api === 'anthropic' ? 529 : exchange.api === 'gemini' ? 503 : 500),
    type: fault?.error_type,
    code: fault?.error_code,
    message: fault?.message ?? '',
  };
}

function writeBody(exchange: Exchange): void {
  const answer = exchange.answer!;
  if (exchange.closed) return;
  const bytes = fillPiece(answer.template.joined, exchange);
  const headers = vendorHeaders(exchange, answer.contentType);
  if (answer.headers !== undefined) headers.push(...answer.headers);
  headers.push('content-length', String(bytes.length));
  exchange.response.writeHead(200, headers);
  if (exchange.ending === 'cut') {
    exchange.response.write(bytes.subarray(0, bytes.length >> 1));
    dropConnection(exchange);
  } else {
    exchange.response.end(bytes);
  }
}

function dueMs(exchange: Exchange, index: number): number {
  const fault = exchange.fault;
  if (fault?.fault === 'slow') return index * (fault.delay_ms ?? 0);
  const { firstContent, lastContent } = exchange.answer!;
  if (firstContent === -1 || index < firstContent) return 0;
  return exchange.ttftMs + (Math.min(index, lastContent) - firstContent) * exchange.tokenIntervalMs;
}

function finishStream(exchange: Exchange): void {
  const response = exchange.response;
  if (exchange.ending === 'end') {
    response.end();
  } else if (exchange.ending === 'stream_error') {
    const error = streamFaultError(exchange);
    if (exchange.route.kind === 'openai-responses') {
      response.end(
        openAiResponsesErrorEvents(error, { sequence: exchange.nextFrame, responseId: `resp_${exchange.idSuffix}` }),
      );
    } else {
      const event =
        exchange.api === 'anthropic'
          ? anthropicErrorEvent(error)
          : exchange.api === 'gemini'
            ? geminiErrorEvent(error)
            : openAiErrorEvent(error);
      response.end(event);
    }
  } else {
    if (exchange.nextFrame === 0) response.flushHeaders();
    dropConnection(exchange);
  }
}

function pump(exchange: Exchange): void {
  if (exchange.closed) return;
  exchange.timer = undefined;
  const frames = exchange.answer!.template.frames;
  const response = exchange.response;
  const elapsed = performance.now() - exchange.headersAt;
  response.cork();
  while (exchange.nextFrame < exchange.frameLimit) {
    const wait = dueMs(exchange, exchange.nextFrame) - elapsed;
    if (wait > 0.5) {
      response.uncork();
      exchange.timer = setTimeout(pump, wait, exchange);
      return;
    }
    response.write(fillPiece(frames[exchange.nextFrame]!, exchange));
    exchange.nextFrame += 1;
  }
  response.uncork();
  finishStream(exchange);
}

function startStream(exchange: Exchange): void {
  if (exchange.closed) return;
  const answer = exchange.answer!;
  const headers = vendorHeaders(exchange, answer.contentType);
  headers.push('cache-control', 'no-cache');
  exchange.response.writeHead(200, headers);
  const unpaced = exchange.fault?.fault !== 'slow' && exchange.ttftMs === 0 && exchange.tokenIntervalMs === 0;
  if (unpaced && exchange.ending === 'end') {
    exchange.response.end(fillPiece(answer.template.joined, exchange));
    return;
  }
  exchange.headersAt = performance.now();
  pump(exchange);
}

/**
 * Sends a rendered answer, shaped by the knobs and by a `latency`, `slow`, `cut` or `stream_error` fault: latency
 * before the headers, time to first token and tokens per second between content frames (or `slow`'s fixed gap between
 * all frames), and the stream's ending. A JSON answer waits for the whole generation time before its headers.
 */
export function sendAnswer(exchange: Exchange, answer: RenderedAnswer): void {
  const { knobs } = exchange.context;
  const fault = exchange.fault;
  exchange.answer = answer;
  exchange.ttftMs = knobs.ttftMs;
  exchange.tokenIntervalMs = knobs.tokensPerSecond > 0 ? 1000 / knobs.tokensPerSecond : 0;
  const frameCount = answer.template.frames.length;
  exchange.frameLimit = frameCount;
  if (fault?.fault === 'cut' || fault?.fault === 'stream_error') {
    exchange.ending = fault.fault;
    exchange.frameLimit = Math.min(fault.after_events ?? 0, Math.max(0, frameCount - 1));
  }
  const faultDelayMs = fault !== undefined && fault.fault !== 'slow' ? (fault.delay_ms ?? 0) : 0;
  const headersDelayMs = knobs.latencyMs + faultDelayMs;
  if (answer.stream) {
    schedule(exchange, headersDelayMs, startStream);
    return;
  }
  const slowMs = fault?.fault === 'slow' ? (fault.delay_ms ?? 0) * answer.outputTokens : 0;
  const generationMs =
    answer.outputTokens > 0 ? knobs.ttftMs + answer.outputTokens * exchange.tokenIntervalMs + slowMs : 0;
  schedule(exchange, headersDelayMs + generationMs, writeBody);
}
