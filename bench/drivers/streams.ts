/**
 * Streaming driver: opens SSE streams over a pool with one connection per concurrent stream and
 * times every body read. TTFT is the time to the first content token (the mock's `T0000-`
 * marker), not just the first byte, so an early comment or header flush cannot flatter a proxy.
 */
import { createHash } from 'node:crypto';
import { type Dispatcher, Pool } from 'undici';
import { tokenMarker } from '../mock-bodies.ts';
import type { PreparedRequest } from '../payloads.ts';
import type { Samples } from '../stats.ts';
import { encodeRequest, rawRequest } from './raw-http.ts';

export type StreamExpectation = {
  /** Content chunks the mock sends; every `T0000-`.. marker must arrive, in order. */
  chunks: number;
  /** A string the body must contain at the end (`[DONE]` for OpenAI), if any. */
  terminator: string | undefined;
};

export type StreamOutcome = {
  status: number;
  /** 200, ended normally, every token in order, terminator present. */
  complete: boolean;
  /** A gap between two reads longer than the stall threshold. */
  stalled: boolean;
  firstByteMs: number;
  ttftMs: number;
  maxGapMs: number;
  totalMs: number;
  bytes: number;
  /** sha256 of the body as received. */
  hash: string;
  error: string | undefined;
};

export type StreamRunOptions = {
  origin: string;
  request: PreparedRequest;
  count: number;
  /** Streams open at once at most; the pool gets this many connections. */
  concurrency: number;
  /** Starts are spread this far apart (a ramp), ms. */
  startSpacingMs: number;
  expectation: StreamExpectation;
  /** A read gap above this counts as a stall, ms. */
  stallGapMs: number;
  /** A stream not finished this long after its start is cut and counted incomplete, ms. */
  deadlineMs: number;
  /** Every gap between two reads after the first token goes here, ms. */
  gaps: Samples;
  /**
   * `undici` (a Pool, keep-alive, for modest concurrency) or `raw` (one `node:net` connection per
   * stream, no parser on the read path: cheap enough for 1,000 streams on the load core).
   */
  client: 'undici' | 'raw';
  /** For `undici`: a pool to reuse (kept open), so connections stay warm across runs. */
  pool?: Pool | undefined;
};

export async function runStreams(options: StreamRunOptions): Promise<StreamOutcome[]> {
  const url = new URL(options.origin);
  const pool =
    options.client === 'undici' ? (options.pool ?? createStreamPool(options.origin, options.concurrency)) : undefined;
  const payload = options.client === 'raw' ? encodeRequest(options.request, url.host) : undefined;
  const start = (): Promise<StreamOutcome> =>
    pool !== undefined ? oneStream(pool, options) : oneRawStream(Number(url.port), payload!, options);
  const outcomes: StreamOutcome[] = [];
  const running = new Set<Promise<void>>();
  let freed: (() => void) | undefined;
  const began = performance.now();
  for (let i = 0; i < options.count; i++) {
    const wait = began + i * options.startSpacingMs - performance.now();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (running.size >= options.concurrency) {
      await new Promise<void>((resolve) => {
        freed = resolve;
      });
    }
    const task: Promise<void> = start().then((outcome) => {
      outcomes.push(outcome);
      running.delete(task);
      const wake = freed;
      freed = undefined;
      wake?.();
    });
    running.add(task);
  }
  await Promise.all(running);
  if (options.pool === undefined) await pool?.close();
  return outcomes;
}

/** An undici pool for streams: one connection per concurrent stream, generous timeouts. */
export function createStreamPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
}

function emptyOutcome(): StreamOutcome {
  return {
    status: 0,
    complete: false,
    stalled: false,
    firstByteMs: Number.NaN,
    ttftMs: Number.NaN,
    maxGapMs: 0,
    totalMs: Number.NaN,
    bytes: 0,
    hash: '',
    error: undefined,
  };
}

/** The per-read bookkeeping shared by both clients: first byte, first token, gaps after it. */
function createReadTimer(outcome: StreamOutcome, options: StreamRunOptions, start: number) {
  const firstMarker = tokenMarker(0);
  let seen: Buffer[] = [];
  let last = 0;
  return (chunk: Buffer, now: number): void => {
    if (outcome.bytes === 0) outcome.firstByteMs = now - start;
    outcome.bytes += chunk.length;
    if (Number.isNaN(outcome.ttftMs)) {
      seen.push(chunk);
      if (chunk.includes(firstMarker) || (seen.length > 1 && Buffer.concat(seen).includes(firstMarker))) {
        outcome.ttftMs = now - start;
        last = now;
        seen = [];
      }
      return;
    }
    const gap = now - last;
    last = now;
    options.gaps.push(gap);
    if (gap > outcome.maxGapMs) outcome.maxGapMs = gap;
  };
}

/** Fills in hash, completeness and stall once the body is in; `body` is the decoded body. */
function conclude(outcome: StreamOutcome, options: StreamRunOptions, body: Buffer, error: string | undefined): void {
  outcome.hash = createHash('sha256').update(body).digest('hex');
  if (outcome.status !== 200) {
    outcome.error = `${outcome.status} ${error ?? body.toString('utf8').slice(0, 300)}`;
  } else {
    outcome.error = error;
    if (error === undefined) outcome.complete = inOrder(body.toString('latin1'), options.expectation);
  }
  if (outcome.maxGapMs > options.stallGapMs) outcome.stalled = true;
}

// undici's dispatch handler API: no Readable per response, one callback per read.
function oneStream(pool: Pool, options: StreamRunOptions): Promise<StreamOutcome> {
  const start = performance.now();
  const outcome = emptyOutcome();
  const onRead = createReadTimer(outcome, options, start);
  const parts: Buffer[] = [];
  return new Promise((resolve) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let deadlineHit = false;
    const deadline = setTimeout(() => {
      deadlineHit = true;
      controller?.abort(new Error('deadline'));
    }, options.deadlineMs);
    const settle = (error: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome.totalMs = performance.now() - start;
      // Hashing and checks wait for the end: the read path only timestamps and keeps the chunk.
      conclude(outcome, options, Buffer.concat(parts), error);
      resolve(outcome);
    };
    pool.dispatch(
      { ...options.request },
      {
        onRequestStart(requestController) {
          controller = requestController;
          if (deadlineHit) requestController.abort(new Error('deadline'));
        },
        onResponseStart(_controller, statusCode) {
          outcome.status = statusCode;
        },
        onResponseData(_controller, chunk) {
          parts.push(chunk);
          if (outcome.status === 200) onRead(chunk, performance.now());
        },
        onResponseEnd() {
          settle(undefined);
        },
        onResponseError(_controller, error) {
          settle(error.message);
        },
      },
    );
  });
}

function oneRawStream(port: number, payload: Buffer, options: StreamRunOptions): Promise<StreamOutcome> {
  const start = performance.now();
  const outcome = emptyOutcome();
  const onRead = createReadTimer(outcome, options, start);
  return new Promise((resolve) => {
    const abort = rawRequest(port, payload, {
      onRead,
      onEnd({ status, body, error }) {
        clearTimeout(deadline);
        outcome.status = status;
        outcome.totalMs = performance.now() - start;
        conclude(outcome, options, body, error);
        resolve(outcome);
      },
    });
    const deadline = setTimeout(() => abort('deadline'), options.deadlineMs);
  });
}

/** Every content marker present in order, and the terminator after the last one. */
export function inOrder(text: string, expectation: StreamExpectation): boolean {
  let position = 0;
  for (let i = 0; i < expectation.chunks; i++) {
    const found = text.indexOf(tokenMarker(i), position);
    if (found === -1) return false;
    position = found;
  }
  return expectation.terminator === undefined || text.indexOf(expectation.terminator, position) !== -1;
}
