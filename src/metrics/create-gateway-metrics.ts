import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { TargetView } from '../pipeline/target-registry.ts';
import type { ObservedRequest, RequestObserver } from '../server/request-observer.ts';
import type { MetricRegistry } from './metric-registry.ts';

/** Upper bounds, in seconds, of the upstream latency histograms. */
export const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;
/** Upper bounds, in seconds, of the time-to-first-token histograms. */
export const TTFT_BUCKETS_S = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** Gauge value of each breaker state in `outlast_breaker_state`. */
export const BREAKER_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;

/** What the gateway metrics read besides the pipeline events. */
export interface GatewayMetricsOptions {
  /** The registry to fill. */
  registry: MetricRegistry;
  /** Every known target (breaker gauges are read at scrape time, so they are never stale). */
  targets: () => readonly TargetView[];
  /** True when a model name is a configured route or listed model (other names are counted as `other`). */
  isKnownModel: (model: string) => boolean;
  /** Clock in ms. */
  now: () => number;
}

/** The gateway's metrics: a request observer for the handler, and subscriptions to the pipeline events. */
export interface GatewayMetrics {
  /** Feeds request counters, the request histogram and the in-flight gauges. */
  observer: RequestObserver;
  /** Unsubscribes from the pipeline events and stops the event-loop monitor. */
  close(): void;
}

interface AttemptMessage {
  provider: string;
  model: string;
  reason: string;
  ttfbMs?: number | undefined;
  latencyMs?: number | undefined;
}

function statusClass(status: number): string {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  if (status >= 200) return '2xx';
  return 'none';
}

/** Declares the gateway's families in `registry` and starts filling them. */
export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const { registry, now } = options;
  const requests = registry.counter(
    'outlast_requests_total',
    'Client requests to model endpoints, by client format, route (the model name sent) and status class.',
    ['format', 'route', 'status_class'],
  );
  const requestDuration = registry.histogram(
    'outlast_request_duration_seconds',
    'Time from a client request to the end of its response (streams: the last byte), by client format.',
    { labelNames: ['format'], buckets: LATENCY_BUCKETS_S },
  );
  const inFlight = registry.gauge('outlast_requests_in_flight', 'Client requests being served.');
  const streamsInFlight = registry.gauge('outlast_streams_in_flight', 'SSE answers being relayed to clients.');
  const fallbacks = registry.counter(
    'outlast_fallback_answers_total',
    'Answers that did not come from the first target of the plan.',
    ['route'],
  );
  const attempts = registry.counter(
    'outlast_attempts_total',
    'Upstream attempts by target and outcome (ok, or the classified failure reason).',
    ['provider', 'model', 'outcome'],
  );
  const failovers = registry.counter(
    'outlast_failovers_total',
    'Moves to another target, by the target left and the reason.',
    ['provider', 'model', 'reason'],
  );
  const retries = registry.counter('outlast_retries_total', 'Same-target retries after a wait.', [
    'provider',
    'model',
    'reason',
  ]);
  const hedges = registry.counter('outlast_hedges_total', 'Hedged attempts sent, by the target hedged to.', [
    'provider',
    'model',
  ]);
  const breakerState = registry.gauge(
    'outlast_breaker_state',
    'Circuit breaker state per target: 0 closed, 1 half-open, 2 open.',
    ['provider', 'model'],
  );
  const breakerTransitions = registry.counter(
    'outlast_breaker_transitions_total',
    'Breaker openings and closings per target.',
    ['provider', 'model', 'to'],
  );
  const coolDowns = registry.counter('outlast_cool_downs_total', 'Rate-limit cool-downs per target.', [
    'provider',
    'model',
  ]);
  const disablings = registry.counter(
    'outlast_target_disablings_total',
    'Targets taken out after a quota or credential error.',
    ['provider', 'model', 'reason'],
  );
  const latency = registry.histogram(
    'outlast_upstream_latency_seconds',
    'Duration of successful upstream attempts to their last byte, per target.',
    { labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS_S },
  );
  const ttft = registry.histogram(
    'outlast_upstream_ttft_seconds',
    'Time to first byte (streams: first meaningful event) of successful upstream attempts, per target.',
    { labelNames: ['provider', 'model'], buckets: TTFT_BUCKETS_S },
  );
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
  const heap = registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.');
  const lag = registry.gauge('nodejs_eventloop_lag_seconds', 'Event-loop delay since the last scrape.', ['quantile']);
  const lagMonitor = monitorEventLoopDelay({ resolution: 20 });
  lagMonitor.enable();

  registry.addCollector(() => {
    for (const target of options.targets()) {
      breakerState.labels(target.provider, target.model).set(BREAKER_STATE_VALUES[target.breaker.state]);
    }
    rss.set(process.memoryUsage.rss());
    heap.set(process.memoryUsage().heapUsed);
    lag.labels('0.5').set(lagMonitor.percentile(50) / 1e9);
    lag.labels('0.99').set(lagMonitor.percentile(99) / 1e9);
    lag.labels('1').set(lagMonitor.max / 1e9);
    lagMonitor.reset();
  });

  const handlers: Record<string, (message: unknown) => void> = {
    'outlast:attempt:end': (message) => {
      const event = message as AttemptMessage;
      attempts.labels(event.provider, event.model, event.reason).inc();
    },
    'outlast:target:outcome': (message) => {
      const event = message as AttemptMessage;
      if (event.reason !== 'ok') return;
      if (event.latencyMs !== undefined) latency.labels(event.provider, event.model).observe(event.latencyMs / 1000);
      if (event.ttfbMs !== undefined) ttft.labels(event.provider, event.model).observe(event.ttfbMs / 1000);
    },
    'outlast:attempt:failover': (message) => {
      const event = message as { from: { provider: string; model: string }; reason: string };
      failovers.labels(event.from.provider, event.from.model, event.reason).inc();
    },
    'outlast:attempt:retry': (message) => {
      const event = message as AttemptMessage;
      retries.labels(event.provider, event.model, event.reason).inc();
    },
    'outlast:attempt:hedge': (message) => {
      const event = message as AttemptMessage;
      hedges.labels(event.provider, event.model).inc();
    },
    'outlast:breaker:open': (message) => {
      const event = message as AttemptMessage;
      breakerTransitions.labels(event.provider, event.model, 'open').inc();
    },
    'outlast:breaker:close': (message) => {
      const event = message as AttemptMessage;
      breakerTransitions.labels(event.provider, event.model, 'closed').inc();
    },
    'outlast:target:cool-down': (message) => {
      const event = message as AttemptMessage;
      coolDowns.labels(event.provider, event.model).inc();
    },
    'outlast:target:disable': (message) => {
      const event = message as AttemptMessage;
      disablings.labels(event.provider, event.model, event.reason).inc();
    },
  };
  for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler);

  const observer: RequestObserver = {
    onStart(request) {
      if (request.format !== undefined) inFlight.inc();
    },
    onAnswer(request) {
      if (request.stream) streamsInFlight.inc();
    },
    onEnd(request: ObservedRequest) {
      if (request.format === undefined) return;
      inFlight.dec();
      if (request.stream) streamsInFlight.dec();
      const route = request.model !== undefined && options.isKnownModel(request.model) ? request.model : 'other';
      requests.labels(request.format, route, statusClass(request.status)).inc();
      requestDuration.labels(request.format).observe((now() - request.startedMs) / 1000);
      if (request.fallback) fallbacks.labels(route).inc();
    },
  };

  return {
    observer,
    close() {
      for (const [name, handler] of Object.entries(handlers)) unsubscribe(name, handler);
      lagMonitor.disable();
    },
  };
}
