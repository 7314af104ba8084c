import type { WireFormat } from '../core/provider-adapter.ts';

/** One client request as observers (metrics, access log, tracing) see it; one object, filled in as it goes. */
export interface ObservedRequest {
  /** The gateway's request id. */
  requestId: string;
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Client format of a model endpoint; undefined for other paths. */
  format: WireFormat | undefined;
  /** The model name the client sent, once the body is validated. */
  model: string | undefined;
  /** True when the answer is an SSE stream. */
  stream: boolean;
  /** When the request arrived (ms, the observer's clock). */
  startedMs: number;
  /** HTTP status sent; 0 until the response is over. */
  status: number;
  /** Provider of the answer, when one came from a target. */
  provider: string | undefined;
  /** Upstream model of the answer. */
  targetModel: string | undefined;
  /** Upstream attempts made. */
  attempts: number;
  /** True when the answer did not come from the first target. */
  fallback: boolean;
  /** The client's W3C `traceparent` header, if any. */
  traceparent: string | undefined;
  /** The `traceparent` to send upstream, set by a tracer at start; undefined when not tracing. */
  upstreamTraceparent: string | undefined;
  /** The answer's bytes when it was not a stream (read by the tracer for token usage). */
  answerBody: Buffer | undefined;
}

/** Watches client requests; composed from metrics, the access log and the tracer. */
export interface RequestObserver {
  /** A request arrived. */
  onStart(request: ObservedRequest): void;
  /** The pipeline produced an answer (headers not yet written). */
  onAnswer(request: ObservedRequest): void;
  /** The response is over (written, failed or abandoned). */
  onEnd(request: ObservedRequest): void;
}

/** Calls every observer in turn. */
export function combineObservers(observers: readonly RequestObserver[]): RequestObserver | undefined {
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return {
    onStart(request) {
      for (const observer of observers) observer.onStart(request);
    },
    onAnswer(request) {
      for (const observer of observers) observer.onAnswer(request);
    },
    onEnd(request) {
      for (const observer of observers) observer.onEnd(request);
    },
  };
}
