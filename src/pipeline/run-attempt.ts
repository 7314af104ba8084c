import type { Readable } from 'node:stream';
import type { GatewayRequest } from '../core/gateway-request.ts';
import type { Operation, ProviderAdapter, UpstreamHeaders } from '../core/provider-adapter.ts';
import { UpstreamFailure } from '../core/upstream-failure.ts';
import { classifyOutcome, type OutcomeDecision } from '../policies/classify-outcome.ts';
import { parseRetryAfterMs } from '../policies/parse-retry-after.ts';
import { toUpstreamFailure } from '../providers/shared/http-forward.ts';
import { awaitStreamCommit } from './await-stream-commit.ts';
import { parseVendorError } from './parse-vendor-error.ts';
import { readBounded } from './read-bounded.ts';
import type { Timeouts } from './runtime.ts';

/** How one upstream attempt ended. */
export type AttemptOutcome =
  | {
      /** An answer for the client: a 2xx whose stream (if any) is committed. */
      type: 'answer';
      status: number;
      headers: UpstreamHeaders;
      /** A stream to relay (committed), or a whole non-stream body. */
      body: Readable | Buffer;
      stream: boolean;
      /** Stream bytes read before the commit point, to be sent first. */
      prefix: Buffer[];
      ttfbMs: number;
    }
  | {
      /** An upstream error that would fail everywhere (400, 413, 422): returned to the client untouched. */
      type: 'final-error';
      status: number;
      headers: UpstreamHeaders;
      body: Buffer;
      decision: OutcomeDecision;
      ttfbMs: number;
    }
  | {
      /** A failure the attempt loop may retry or fail over from. */
      type: 'failed';
      decision: OutcomeDecision;
      /** Secret-free summary: `HTTP 529 overloaded_error`, `connect refused`. */
      detail: string;
      /** The upstream's wait hint, if any. */
      retryAfterMs: number | undefined;
      ttfbMs: number | undefined;
    }
  | {
      /** The attempt was abandoned (client gone, hedge lost, deadline). */
      type: 'aborted';
    };

/** Inputs of one attempt. */
export interface AttemptInput {
  adapter: ProviderAdapter;
  request: GatewayRequest;
  /** The target's model name. */
  model: string;
  /** The body for this target (model rewritten when needed, or translated). */
  body: string | Buffer;
  /** The upstream operation (differs from the client's when translating). */
  operation: Operation;
  /** Client headers passed through (none when translating). */
  passHeaders: Readonly<Record<string, string>>;
  /** Query string passed through ('' when translating). */
  search: string;
  timeouts: Timeouts;
  /** Time left until the request deadline. */
  remainingMs: number;
  /** Aborts this attempt only (hedge loser, deadline) or, through the request signal, the client's disconnect. */
  signal: AbortSignal;
  /** Aborts this attempt (used for the response-headers timeout). */
  abort: () => void;
  now: () => number;
}

const errorBodyLimitBytes = 64 * 1024;

function isEventStream(headers: UpstreamHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

function failed(
  decision: OutcomeDecision,
  detail: string,
  retryAfterMs: number | undefined,
  ttfbMs?: number,
): AttemptOutcome {
  return { type: 'failed', decision, detail, retryAfterMs, ttfbMs };
}

/**
 * One upstream attempt up to the point where the answer may go to the client: response headers, and for a stream
 * its first meaningful event (the commit point, A12.5). Everything it learns is classified by classifyOutcome.
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptOutcome> {
  const { request, now } = input;
  const startedMs = now();
  let response: Awaited<ReturnType<ProviderAdapter['forward']>>;
  // headers_ms is enforced with our own timer: undici's headersTimeout runs on a coarse 0.5 s tick and fires up to
  // 50% late (bench S7, hang). Undici's own timer stays as a backstop.
  const headersMs = Math.max(1, Math.min(input.timeouts.headersMs, input.remainingMs));
  let headersTimedOut = false;
  const headersTimer = setTimeout(() => {
    headersTimedOut = true;
    input.abort();
  }, headersMs);
  try {
    response = await input.adapter.forward(
      {
        operation: input.operation,
        model: input.model,
        body: input.body,
        stream: request.stream,
        passHeaders: input.passHeaders,
        search: input.search,
      },
      {
        signal: input.signal,
        headersTimeoutMs: headersMs * 2 + 1000,
        idleTimeoutMs: input.timeouts.idleMs,
        traceparent: request.traceparent,
      },
    );
  } catch (error) {
    if (headersTimedOut) {
      const decision = classifyOutcome({ type: 'failure', kind: 'timeout', phase: 'headers' }, now());
      return failed(decision, 'headers timeout', undefined);
    }
    if (input.signal.aborted) return { type: 'aborted' };
    const failure = error instanceof UpstreamFailure ? error : toUpstreamFailure(error, 'headers');
    const decision = classifyOutcome({ type: 'failure', kind: failure.kind, phase: failure.phase }, now());
    return failed(decision, `${failure.phase} ${failure.kind}`, undefined);
  } finally {
    clearTimeout(headersTimer);
  }
  const headersMsTaken = now() - startedMs;
  if (response.status >= 400) {
    const body = await readBounded(response.body, errorBodyLimitBytes);
    if (input.signal.aborted) return { type: 'aborted' };
    const { retryAfterMs: bodyRetryAfterMs, ...vendor } = parseVendorError(body);
    // Gemini says how long to wait in the body (RetryInfo), not in a header: treat it as `retry-after-ms`.
    const headers =
      bodyRetryAfterMs === undefined || response.headers['retry-after'] !== undefined
        ? response.headers
        : { ...response.headers, 'retry-after-ms': String(bodyRetryAfterMs) };
    const decision = classifyOutcome({ type: 'response', status: response.status, headers, ...vendor }, now());
    if (decision.final)
      return {
        type: 'final-error',
        status: response.status,
        headers: response.headers,
        body,
        decision,
        ttfbMs: headersMsTaken,
      };
    const detail = `HTTP ${response.status}${vendor.errorType === undefined ? '' : ` ${vendor.errorType}`}`;
    return failed(decision, detail, parseRetryAfterMs(headers, now()), headersMsTaken);
  }
  const stream = isEventStream(response.headers);
  if (!stream || !request.stream) {
    // A non-stream answer is committed only once it is whole, so a body that breaks still fails over.
    let body: Buffer;
    try {
      body = await readWhole(response.body);
    } catch (error) {
      if (input.signal.aborted) return { type: 'aborted' };
      const failure = toUpstreamFailure(error, 'body');
      const decision = classifyOutcome({ type: 'failure', kind: failure.kind, phase: 'body' }, now());
      return failed(decision, `body ${failure.kind}`, undefined, headersMsTaken);
    }
    return {
      type: 'answer',
      status: response.status,
      headers: response.headers,
      body,
      stream: false,
      prefix: [],
      ttfbMs: headersMsTaken,
    };
  }
  const firstTokenMs = Math.max(1, Math.min(input.timeouts.firstTokenMs, input.remainingMs - headersMsTaken));
  const dialect = input.operation === 'responses' ? 'openai-responses' : input.adapter.format;
  const start = await awaitStreamCommit(response.body, dialect, firstTokenMs);
  if (start.type === 'commit') {
    return {
      type: 'answer',
      status: response.status,
      headers: response.headers,
      body: response.body,
      stream,
      prefix: start.prefix,
      ttfbMs: now() - startedMs,
    };
  }
  response.body.destroy();
  if (input.signal.aborted) return { type: 'aborted' };
  if (start.type === 'error') {
    const decision = classifyOutcome(
      {
        type: 'response',
        status: start.status,
        headers: response.headers,
        errorType: start.errorType,
        errorCode: start.errorCode,
      },
      now(),
    );
    return failed(
      decision,
      `stream error event ${start.errorType ?? start.errorCode ?? ''}`.trim(),
      undefined,
      headersMsTaken,
    );
  }
  const kind = start.reason === 'first-token-timeout' ? 'timeout' : 'reset';
  const decision = classifyOutcome({ type: 'failure', kind, phase: 'body' }, now());
  return failed(
    decision,
    start.reason === 'first-token-timeout' ? 'no first token in time' : 'stream broke before its first token',
    undefined,
    headersMsTaken,
  );
}

function readWhole(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    body.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    body.on('error', reject);
  });
}
