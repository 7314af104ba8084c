import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ObservedRequest, RequestObserver } from '../server/request-observer.ts';
import { type OtlpSpan, toAttributes, toExportRequest, toUnixNano } from './otlp-span.ts';
import { parseTraceparent } from './parse-traceparent.ts';

/** The `telemetry` config section, validated. */
export interface TelemetrySettings {
  /** OTLP/HTTP traces URL. */
  otlp_endpoint: string;
  /** service.name of the resource. */
  service_name: string;
  /** Extra headers of each export. */
  headers: Record<string, string>;
  /** Share of new traces recorded. */
  sample_ratio: number;
}

/** Options of createTracer. */
export interface TracerOptions {
  /** What to export where. */
  settings: TelemetrySettings;
  /** Clock in ms. */
  now: () => number;
  /** The provider type (`anthropic`, `openai` ...) of a provider id, for `gen_ai.system`. */
  providerType?: (providerId: string) => string | undefined;
  /** Uniform source in [0, 1) for sampling. */
  random?: () => number;
  /** Called when an export fails (the batch is dropped). */
  onExportError?: (error: unknown) => void;
  /** Longest wait before a batch is sent, in ms (1000 by default). */
  flushIntervalMs?: number;
  /** Spans per export request (256 by default). */
  maxBatchSpans?: number;
}

/** Traces client requests: a server span each, a client span per upstream attempt, exported in batches. */
export interface Tracer {
  /** Starts and ends request spans; sets the `traceparent` sent upstream. */
  observer: RequestObserver;
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** Stops listening and sends what is left. */
  close(): Promise<void>;
}

interface AttemptRecord {
  provider: string;
  model: string;
  reason: string;
  endMs: number;
  latencyMs: number;
  ttfbMs: number | undefined;
}

interface OpenSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attempts: AttemptRecord[];
  retries: number;
  failovers: number;
  hedges: number;
}

const MAX_QUEUED_SPANS = 4096;
const operationNames: Record<string, string> = {
  '/v1/chat/completions': 'chat',
  '/v1/messages': 'chat',
  '/v1/embeddings': 'embeddings',
  '/v1/messages/count_tokens': 'count_tokens',
};

function readUsage(request: ObservedRequest): { input: number | undefined; output: number | undefined } {
  const none = { input: undefined, output: undefined };
  const body = request.answerBody;
  if (body === undefined || request.status !== 200 || body.length > 1_048_576) return none;
  try {
    const usage = (JSON.parse(body.toString('utf8')) as { usage?: Record<string, unknown> }).usage;
    if (typeof usage !== 'object' || usage === null) return none;
    const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
    return request.format === 'anthropic'
      ? { input: number(usage.input_tokens), output: number(usage.output_tokens) }
      : { input: number(usage.prompt_tokens), output: number(usage.completion_tokens) };
  } catch {
    return none;
  }
}

/** Creates the tracer and its exporter (plain `fetch` to the OTLP endpoint, no dependency). */
export function createTracer(options: TracerOptions): Tracer {
  const { settings, now } = options;
  const random = options.random ?? Math.random;
  const open = new Map<string, OpenSpan>();
  const queue: OtlpSpan[] = [];
  let sending: Promise<void> = Promise.resolve();
  const maxBatch = options.maxBatchSpans ?? 256;

  const onAttemptEnd = (message: unknown) => {
    const event = message as Omit<AttemptRecord, 'endMs'> & { requestId: string };
    const span = open.get(event.requestId);
    if (span === undefined) return;
    span.attempts.push({
      provider: event.provider,
      model: event.model,
      reason: event.reason,
      endMs: now(),
      latencyMs: event.latencyMs ?? 0,
      ttfbMs: event.ttfbMs,
    });
  };
  const count = (field: 'retries' | 'failovers' | 'hedges') => (message: unknown) => {
    const span = open.get((message as { requestId: string }).requestId);
    if (span !== undefined) span[field] += 1;
  };
  const handlers: Record<string, (message: unknown) => void> = {
    'outlast:attempt:end': onAttemptEnd,
    'outlast:attempt:retry': count('retries'),
    'outlast:attempt:failover': count('failovers'),
    'outlast:attempt:hedge': count('hedges'),
  };
  for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler);

  function send(): Promise<void> {
    if (queue.length === 0) return sending;
    const batch = queue.splice(0, maxBatch);
    const body = JSON.stringify(toExportRequest(batch, settings.service_name));
    sending = sending
      .then(async () => {
        const response = await fetch(settings.otlp_endpoint, {
          method: 'POST',
          headers: { ...settings.headers, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`OTLP endpoint answered ${response.status}`);
      })
      .catch((error: unknown) => options.onExportError?.(error));
    return queue.length > 0 ? send() : sending;
  }

  const timer = setInterval(() => void send(), options.flushIntervalMs ?? 1000);
  timer.unref();

  function enqueue(span: OtlpSpan): void {
    if (queue.length >= MAX_QUEUED_SPANS) queue.shift();
    queue.push(span);
  }

  const observer: RequestObserver = {
    onStart(request) {
      if (request.format === undefined) return;
      const parent = parseTraceparent(request.traceparent);
      const sampled = parent === undefined ? random() < settings.sample_ratio : parent.sampled;
      if (!sampled) {
        if (parent !== undefined) request.upstreamTraceparent = request.traceparent;
        return;
      }
      const traceId = parent?.traceId ?? randomBytes(16).toString('hex');
      const spanId = randomBytes(8).toString('hex');
      request.upstreamTraceparent = `00-${traceId}-${spanId}-01`;
      open.set(request.requestId, {
        traceId,
        spanId,
        parentSpanId: parent?.parentSpanId,
        attempts: [],
        retries: 0,
        failovers: 0,
        hedges: 0,
      });
    },
    onAnswer() {},
    onEnd(request) {
      const span = open.get(request.requestId);
      if (span === undefined) return;
      open.delete(request.requestId);
      const endMs = now();
      const operation = operationNames[request.path] ?? 'chat';
      const usage = readUsage(request);
      const failed = request.status === 0 || request.status >= 500;
      enqueue({
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
        name: `${request.method} ${request.path}`,
        kind: 2,
        startTimeUnixNano: toUnixNano(request.startedMs),
        endTimeUnixNano: toUnixNano(endMs),
        attributes: toAttributes({
          'http.request.method': request.method,
          'url.path': request.path,
          'http.response.status_code': request.status,
          'gen_ai.operation.name': operation,
          'gen_ai.request.model': request.model,
          'gen_ai.response.model': request.targetModel,
          'gen_ai.usage.input_tokens': usage.input,
          'gen_ai.usage.output_tokens': usage.output,
          'outlast.request_id': request.requestId,
          'outlast.client_format': request.format,
          'outlast.provider': request.provider,
          'outlast.attempts': request.attempts,
          'outlast.fallback': request.fallback,
          'outlast.retries': span.retries,
          'outlast.failovers': span.failovers,
          'outlast.hedges': span.hedges,
          'outlast.stream': request.stream,
        }),
        status: failed ? { code: 2, message: `HTTP ${request.status}` } : { code: 1 },
      });
      for (const attempt of span.attempts) {
        const winner =
          attempt.reason === 'ok' && attempt.provider === request.provider && attempt.model === request.targetModel;
        enqueue({
          traceId: span.traceId,
          spanId: randomBytes(8).toString('hex'),
          parentSpanId: span.spanId,
          name: `${operation} ${attempt.model}`,
          kind: 3,
          startTimeUnixNano: toUnixNano(attempt.endMs - attempt.latencyMs),
          endTimeUnixNano: toUnixNano(attempt.endMs),
          attributes: toAttributes({
            'gen_ai.system': options.providerType?.(attempt.provider) ?? attempt.provider,
            'gen_ai.operation.name': operation,
            'gen_ai.request.model': attempt.model,
            'gen_ai.usage.input_tokens': winner ? usage.input : undefined,
            'gen_ai.usage.output_tokens': winner ? usage.output : undefined,
            'outlast.provider': attempt.provider,
            'outlast.outcome': attempt.reason,
            'outlast.ttfb_ms': attempt.ttfbMs,
          }),
          status: attempt.reason === 'ok' ? { code: 1 } : { code: 2, message: attempt.reason },
        });
      }
      if (queue.length >= maxBatch) void send();
    },
  };

  return {
    observer,
    flush: () => send(),
    async close() {
      clearInterval(timer);
      for (const [name, handler] of Object.entries(handlers)) unsubscribe(name, handler);
      await send();
    },
  };
}
