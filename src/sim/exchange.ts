import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from './fault-rule.ts';
import { createIdSuffix } from './ids.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import type { Route } from './route-request.ts';
import type { SimContext } from './sim-context.ts';

/** How a stream ends once its frames are sent: normally, with an in-band error, or with the connection cut. */
export type StreamEnding = 'end' | 'stream_error' | 'cut';

/** One request being served, with everything its timers and event handlers need (so they need no closures). */
export interface Exchange {
  /** Shared simulator state. */
  context: SimContext;
  /** The request. */
  request: IncomingMessage;
  /** The response. */
  response: ServerResponse;
  /** The route of the request. */
  route: Route;
  /** API the request speaks. */
  api: 'anthropic' | 'openai' | 'gemini';
  /** Path without query. */
  path: string;
  /** Query string without `?` (empty when none). */
  query: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** Unique part of this response's ids. */
  idSuffix: string;
  /** Creation time written into the response, in epoch seconds. */
  createdSeconds: number;
  /** Request body chunks while reading. */
  chunks: Buffer[];
  /** Bytes of body read. */
  bodyBytes: number;
  /** True once the response closed (finished, cancelled or dropped). */
  closed: boolean;
  /** True when the simulator destroyed the connection itself (reset, cut). */
  dropped: boolean;
  /** Pending timer (latency, pacing), cleared on close. */
  timer: NodeJS.Timeout | undefined;
  /** The answer being sent. */
  answer: RenderedAnswer | undefined;
  /** The fault applied, if any. */
  fault: FaultRule | undefined;
  /** Index of the next frame to send. */
  nextFrame: number;
  /** Frames sent before the ending. */
  frameLimit: number;
  /** How the stream ends. */
  ending: StreamEnding;
  /** `performance.now()` when the stream's headers were sent. */
  headersAt: number;
  /** Time to first content frame, in ms from the headers (snapshot of the knob). */
  ttftMs: number;
  /** Gap between content frames, in ms (0 = no pacing). */
  tokenIntervalMs: number;
}

/** What a new exchange starts from. */
export interface ExchangeStart {
  /** Shared simulator state. */
  context: SimContext;
  /** The request. */
  request: IncomingMessage;
  /** The response. */
  response: ServerResponse;
  /** The route of the request. */
  route: Route;
  /** Path without query. */
  path: string;
  /** Query string without `?`. */
  query: string;
}

/** Creates the exchange of a new request. */
export function createExchange(start: ExchangeStart): Exchange {
  return {
    ...start,
    api: start.route.api === 'sim' ? 'openai' : start.route.api,
    startedAt: performance.now(),
    idSuffix: createIdSuffix(),
    createdSeconds: Math.floor(Date.now() / 1000),
    chunks: [],
    bodyBytes: 0,
    closed: false,
    dropped: false,
    timer: undefined,
    answer: undefined,
    fault: undefined,
    nextFrame: 0,
    frameLimit: 0,
    ending: 'end',
    headersAt: 0,
    ttftMs: 0,
    tokenIntervalMs: 0,
  };
}
