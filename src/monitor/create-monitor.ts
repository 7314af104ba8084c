import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { MonitoringConfig } from '../config/monitoring-schema.ts';
import type { OutlastConfig } from '../config/schema.ts';
import type { Dispatch } from '../core/gateway-request.ts';
import type { HealthState, Incident, IncidentEvent, IncidentEventSink, VendorIncident } from '../core/monitoring.ts';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { events } from '../pipeline/events.ts';
import type { TargetView } from '../pipeline/target-registry.ts';
import {
  emptyBucket,
  type HistoryBucket,
  type HistoryQuery,
  type HistoryStore,
  resolutionMs,
} from '../store/history/history-store.ts';
import type { IncidentQuery, IncidentsStore } from '../store/incidents/incidents-store.ts';
import { classifyReason } from './classify-reason.ts';
import {
  computeHealthState,
  type HealthMemory,
  type HealthOptions,
  rawHealthState,
  severityRank,
  unknownHealth,
  updateBaseline,
  worstState,
} from './compute-health-state.ts';
import { createIncidentBook } from './create-incident-book.ts';
import { createHealthWindow, type HealthWindow, type SampleKind, type WindowSummary } from './health-window.ts';
import { isProbeDue, probeTarget } from './probe-target.ts';

/** What the monitor needs of the gateway. */
export interface MonitoredGateway {
  /** The config in force. */
  config(): OutlastConfig;
  /** Breaker, cool-down and budget of every target: the state that moves traffic. */
  targets(): TargetView[];
  /** The adapter of a provider, for probes. */
  adapterFor(provider: string): ProviderAdapter | undefined;
  /** The gateway's target registry: pipeline events of other gateways in the process are ignored. */
  registry: object;
}

/** Injected dependencies of the monitor. */
export interface MonitorDeps {
  gateway: MonitoredGateway;
  history: HistoryStore;
  incidents: IncidentsStore;
  /** Clock in ms. */
  now: () => number;
  /** Uniform source in [0, 1) for probe jitter. */
  random: () => number;
  /** Runs `tick` every `ms`; returns the cancel. Default: an unref'd setInterval. Tests pass a no-op and tick. */
  schedule?: ((tick: () => void, ms: number) => () => void) | undefined;
}

/** One target's health as the admin API shows it. */
export interface TargetHealth {
  provider: string;
  model: string;
  /** Confirmed state; null without data. */
  state: HealthState | null;
  /** The routing state of the registry (available, open, cooling-down, disabled...). */
  availability: string | null;
  /** The breaker state that moves traffic. */
  breaker: string | null;
  windows: { '1m': WindowSummary; '5m': WindowSummary };
  /** Learned healthy median time to first token. */
  baseline_ttfb_ms: number | null;
  last_probe_at: number | null;
  last_probe_ok: boolean | null;
}

/** The whole health model at one moment (`GET /admin/api/health`). */
export interface HealthReport {
  generated_at: number;
  /** `our_network` when every provider with traffic fails at once (a self incident instead of provider ones). */
  self: 'ok' | 'our_network';
  providers: { provider: string; state: HealthState | null; open_incident: string | null }[];
  models: { model: string; state: HealthState | null }[];
  targets: TargetHealth[];
  /** Probe cost since start. */
  probes: { count: number; tokens: number };
}

/** Live events for `GET /admin/api/events`. */
export type LiveEvent =
  | { type: 'state'; provider: string; model: string; from: HealthState | null; to: HealthState | null; at: number }
  | { type: 'incident'; event: IncidentEvent }
  | { type: 'failover'; from: string; to: string; at: number };

/** The monitor: one health model over live traffic and probes, incidents and history. */
export interface Monitor {
  /** Wraps the dispatch to count delivered availability (client requests and their final result). */
  wrapDispatch(dispatch: Dispatch): Dispatch;
  /** One round: due probes, evaluation, and the history flush when due. The timer calls it; tests call it. */
  tick(): Promise<void>;
  /** Evaluates every state and reconciles incidents. */
  evaluate(): void;
  /** Writes pending history (batched), rolls up and prunes. */
  flush(): void;
  health(): HealthReport;
  incidents(query?: IncidentQuery): Incident[];
  incident(id: string): Incident | undefined;
  /** Adds a note by a person to an incident's timeline. */
  addNote(id: string, text: string): Incident | undefined;
  history(query: HistoryQuery): HistoryBucket[];
  /** Receives incident events (alerts, SSE); returns the unsubscribe. */
  subscribe(sink: IncidentEventSink): () => void;
  /** Receives live events (state changes, incident events, failovers); returns the unsubscribe. */
  subscribeLive(listener: (event: LiveEvent) => void): () => void;
  /** The vendor's view of an incident or maintenance (from the Statuspage poller). */
  recordVendorIncident(vendor: VendorIncident): void;
  /** The monitor's clock. */
  now(): number;
  /** Unsubscribes, stops the timer, writes what is pending and closes the stores. */
  close(): void;
}

/** Per-target tracking. */
interface Track {
  provider: string;
  model: string;
  window: HealthWindow;
  memory: HealthMemory;
  baselineTtfbMs: number | undefined;
  samples: number;
  seenSamples: number;
  lastProbeAtMs: number;
  lastProbeOk: boolean | undefined;
  probing: boolean;
  breakerOpen: boolean;
  jitter: number;
  recentErrors: string[];
  firstFailureAt: number | undefined;
  bucket: HistoryBucket;
}

const minuteMs = resolutionMs.minute;
const retentionMs = { minute: 48 * 3_600_000, hour: 90 * 86_400_000, day: 365 * 86_400_000 } as const;

function healthOptions(config: MonitoringConfig): HealthOptions {
  return {
    minVolume: config.min_volume,
    minErrors: config.min_errors,
    degradedErrorRate: config.degraded_error_rate,
    partialErrorRate: config.partial_error_rate,
    majorErrorRate: config.major_error_rate,
    latencyFactor: config.latency_factor,
    ttfbThresholdMs: config.ttfb_threshold_ms,
    confirmDown: config.confirm_down,
    confirmUp: config.confirm_up,
  };
}

const defaultSchedule = (tick: () => void, ms: number) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** Creates the monitor, subscribed to the pipeline's events; open incidents in the store are continued. */
export function createMonitor(deps: MonitorDeps): Monitor {
  const { gateway, now } = deps;
  const settings = () => gateway.config().monitoring;
  const startedAtMs = now();
  const tracks = new Map<string, Track>();
  const providerBuckets = new Map<string, HistoryBucket>();
  const pending: HistoryBucket[] = [];
  const live = new Set<(event: LiveEvent) => void>();
  const firstFailed = new Map<string, Track>();
  const movedFrom = new Map<string, Track>();
  const moves = new Map<string, { provider: string; from: string; to: string; count: number }>();
  const maintenance: { provider: string; fromMs: number; toMs: number }[] = [];
  let selfIncident = false;
  let lastEvaluatedMs = now();
  let lastFlushMs = now();
  let probeCount = 0;
  let probeTokens = 0;
  let ticking = false;

  const publishLive = (event: LiveEvent) => {
    for (const listener of live) listener(event);
  };
  const book = createIncidentBook({
    store: deps.incidents,
    onEvent: (event) => publishLive({ type: 'incident', event }),
  });
  for (const vendor of deps.incidents.listVendorIncidents()) noteMaintenance(vendor);

  function noteMaintenance(vendor: VendorIncident): void {
    if (!vendor.maintenance || vendor.scheduledFor === undefined || vendor.scheduledUntil === undefined) return;
    const existing = maintenance.findIndex(
      (entry) => entry.provider === vendor.provider && entry.fromMs === vendor.scheduledFor,
    );
    const window = {
      provider: vendor.provider,
      fromMs: vendor.scheduledFor,
      toMs: vendor.resolvedAt ?? vendor.scheduledUntil,
    };
    if (existing === -1) maintenance.push(window);
    else maintenance[existing] = window;
  }

  function inMaintenance(provider: string, atMs: number): boolean {
    for (const window of maintenance)
      if (window.provider === provider && atMs >= window.fromMs && atMs < window.toMs) return true;
    return false;
  }

  // Looked up per attempt: two map reads, no key string built.
  const byProvider = new Map<string, Map<string, Track>>();

  function trackOf(provider: string, model: string): Track {
    let models = byProvider.get(provider);
    if (models === undefined) {
      models = new Map();
      byProvider.set(provider, models);
    }
    let track = models.get(model);
    if (track === undefined) {
      const minute = Math.floor(now() / minuteMs) * minuteMs;
      track = {
        provider,
        model,
        window: createHealthWindow({ slowMs: settings().slow_ms }),
        memory: unknownHealth,
        baselineTtfbMs: undefined,
        samples: 0,
        seenSamples: 0,
        lastProbeAtMs: 0,
        lastProbeOk: undefined,
        probing: false,
        breakerOpen: false,
        jitter: deps.random(),
        recentErrors: [],
        firstFailureAt: undefined,
        bucket: emptyBucket(provider, model, 'minute', minute),
      };
      models.set(model, track);
      tracks.set(`${provider}\u0000${model}`, track);
    }
    return track;
  }

  /** The current minute bucket of a track (a closed minute goes to the pending batch). */
  function bucketOf(track: Track, atMs: number): HistoryBucket {
    const minute = atMs - (atMs % minuteMs);
    if (track.bucket.startMs !== minute) {
      pending.push(track.bucket);
      track.bucket = emptyBucket(track.provider, track.model, 'minute', minute);
    }
    return track.bucket;
  }

  function providerBucketOf(provider: string, atMs: number): HistoryBucket {
    const minute = atMs - (atMs % minuteMs);
    let bucket = providerBuckets.get(provider);
    if (bucket === undefined || bucket.startMs !== minute) {
      if (bucket !== undefined) pending.push(bucket);
      bucket = emptyBucket(provider, '', 'minute', minute);
      providerBuckets.set(provider, bucket);
    }
    return bucket;
  }

  function record(
    track: Track,
    kind: SampleKind,
    sample: { reason: string; ttfbMs?: number | undefined; latencyMs?: number | undefined; probe: boolean },
  ) {
    const atMs = now();
    const counted: SampleKind = kind !== 'excluded' && inMaintenance(track.provider, atMs) ? 'excluded' : kind;
    track.window.record({
      kind: counted,
      atMs,
      ttfbMs: sample.ttfbMs,
      latencyMs: sample.latencyMs,
      probe: sample.probe,
    });
    track.samples += 1;
    const bucket = bucketOf(track, atMs);
    if (counted === 'ok') {
      bucket.ok += 1;
      const slowBy = sample.ttfbMs ?? sample.latencyMs;
      if (slowBy !== undefined && slowBy > settings().slow_ms) bucket.slow += 1;
    } else if (counted === 'error') {
      bucket.error += 1;
      track.firstFailureAt ??= atMs;
      if (track.recentErrors.length >= 5) track.recentErrors.shift();
      track.recentErrors.push(sample.reason);
    } else {
      bucket.excluded += 1;
    }
  }

  // Pipeline events (diagnostics_channel): only this gateway's, told apart by its registry.
  const onAttemptEnd = (message: unknown) => {
    const event = message as {
      requestId: string;
      provider: string;
      model: string;
      reason: string;
      ttfbMs?: number;
      latencyMs?: number;
      registry?: object;
    };
    if (event.registry !== gateway.registry) return;
    const track = trackOf(event.provider, event.model);
    const kind = classifyReason(event.reason);
    record(track, kind, { reason: event.reason, ttfbMs: event.ttfbMs, latencyMs: event.latencyMs, probe: false });
    if (kind !== 'ok' && !firstFailed.has(event.requestId)) {
      if (firstFailed.size > 10_000) firstFailed.clear();
      firstFailed.set(event.requestId, track);
    }
  };
  const onFailover = (message: unknown) => {
    const event = message as { requestId: string; from: { provider: string; model: string }; registry?: object };
    if (event.registry !== gateway.registry) return;
    const track = trackOf(event.from.provider, event.from.model);
    bucketOf(track, now()).moved += 1;
    if (!movedFrom.has(event.requestId)) {
      if (movedFrom.size > 10_000) movedFrom.clear();
      movedFrom.set(event.requestId, track);
    }
  };
  subscribe(events.attemptEnd.name, onAttemptEnd);
  subscribe(events.attemptFailover.name, onFailover);

  function settleRequest(requestId: string, answered: { provider: string; model: string; status: number } | undefined) {
    const first = firstFailed.get(requestId);
    const from = movedFrom.get(requestId);
    if (first === undefined && from === undefined && answered === undefined) return;
    firstFailed.delete(requestId);
    movedFrom.delete(requestId);
    const owner = first ?? (answered === undefined ? undefined : trackOf(answered.provider, answered.model));
    if (owner === undefined) return;
    const atMs = now();
    const bucket = bucketOf(owner, atMs);
    if (answered === undefined || answered.status >= 500) bucket.delivered_error += 1;
    else if (answered.status < 400) bucket.delivered_ok += 1;
    if (from !== undefined && answered !== undefined && answered.status < 400) {
      const to = `${answered.provider}/${answered.model}`;
      const fromName = `${from.provider}/${from.model}`;
      const key = `${fromName}\u0000${to}`;
      const move = moves.get(key) ?? { provider: from.provider, from: fromName, to, count: 0 };
      move.count += 1;
      moves.set(key, move);
      if (live.size > 0) publishLive({ type: 'failover', from: fromName, to, at: atMs });
    }
  }

  function wrapDispatch(dispatch: Dispatch): Dispatch {
    return async (request) => {
      try {
        const answer = await dispatch(request);
        settleRequest(request.requestId, answer);
        return answer;
      } catch (error) {
        if (request.signal.aborted) {
          firstFailed.delete(request.requestId);
          movedFrom.delete(request.requestId);
        } else {
          settleRequest(request.requestId, undefined);
        }
        throw error;
      }
    };
  }

  /** Targets the monitor watches: every route target, and every target seen in traffic. */
  function ensureRouteTargets(): void {
    for (const route of gateway.config().routes)
      for (const target of route.targets) trackOf(target.provider, target.model);
  }

  async function runProbes(): Promise<void> {
    const config = settings();
    const nowMs = now();
    const due: Track[] = [];
    for (const track of tracks.values()) {
      if (track.probing || gateway.adapterFor(track.provider) === undefined) continue;
      const suspect =
        (track.memory.state !== undefined && track.memory.state !== 'operational') ||
        track.memory.direction === 'worse' ||
        track.lastProbeOk === false;
      const isDue = isProbeDue({
        nowMs,
        lastTrafficAtMs: track.window.lastSampleAtMs(false),
        lastProbeAtMs: track.lastProbeAtMs,
        startedAtMs,
        suspect,
        intervalMs: config.probe_interval_s * 1000,
        suspectIntervalMs: config.suspect_probe_interval_s * 1000,
        jitter: track.jitter,
      });
      if (isDue) due.push(track);
    }
    await Promise.all(
      due.map(async (track) => {
        const adapter = gateway.adapterFor(track.provider);
        if (adapter === undefined) return;
        track.probing = true;
        track.lastProbeAtMs = now();
        try {
          const result = await probeTarget({ adapter, model: track.model, timeoutMs: config.probe_timeout_ms, now });
          probeCount += 1;
          probeTokens += result.tokens;
          track.lastProbeOk = result.kind === 'ok';
          const bucket = bucketOf(track, now());
          bucket.probes += 1;
          bucket.probe_tokens += result.tokens;
          record(track, result.kind, {
            reason: result.reason,
            ttfbMs: result.ttfbMs,
            latencyMs: result.latencyMs,
            probe: true,
          });
        } finally {
          track.probing = false;
        }
      }),
    );
  }

  function evaluate(): void {
    const config = settings();
    const options = healthOptions(config);
    const nowMs = now();
    const elapsedS = Math.min(Math.max(0, nowMs - lastEvaluatedMs), config.evaluate_interval_s * 2000) / 1000;
    lastEvaluatedMs = nowMs;
    ensureRouteTargets();
    const rawByProvider = new Map<string, (HealthState | undefined)[]>();
    const breakers = new Map(
      gateway.targets().map((view) => [`${view.provider}\u0000${view.model}`, view.breaker.state]),
    );
    for (const [key, track] of tracks) {
      const window = track.window.summarize(nowMs, config.verdict_window_s * 1000);
      const breakerOpen = breakers.get(key) === 'open';
      const evidence = {
        ok: window.ok,
        error: window.error,
        fresh: track.samples !== track.seenSamples || breakerOpen !== track.breakerOpen,
        p50TtfbMs: window.p50TtfbMs,
        baselineTtfbMs: track.baselineTtfbMs,
        breakerOpen,
      };
      track.seenSamples = track.samples;
      track.breakerOpen = breakerOpen;
      const raw = rawHealthState(evidence, options);
      const list = rawByProvider.get(track.provider) ?? [];
      list.push(raw);
      rawByProvider.set(track.provider, list);
      const next = computeHealthState(evidence, track.memory, options);
      if (raw === 'operational' && evidence.fresh && window.p50TtfbMs !== undefined) {
        track.baselineTtfbMs = updateBaseline(track.baselineTtfbMs, window.p50TtfbMs);
      }
      if (next.state !== track.memory.state && live.size > 0) {
        publishLive({
          type: 'state',
          provider: track.provider,
          model: track.model,
          from: track.memory.state ?? null,
          to: next.state ?? null,
          at: nowMs,
        });
      }
      if (next.state === 'operational') {
        track.firstFailureAt = undefined;
        track.recentErrors.length = 0;
      }
      track.memory = next;
      if (next.state !== undefined)
        addStateSeconds(bucketOf(track, nowMs), track.provider, nowMs, next.state, elapsedS);
    }
    // Self-check: two or more providers with fresh verdicts, every one of them confirmed failing, is our network.
    // A provider counts as failing when its confirmed or its instant verdict is an outage; at least one must be
    // confirmed, so the self incident follows the same confirmation rule, and a provider confirmed one evaluation
    // before the others is not blamed for what is our own outage.
    const partialRank = severityRank('partial_outage');
    let withVerdict = 0;
    let failing = 0;
    let confirmedFailing = 0;
    for (const [provider, raws] of rawByProvider) {
      const raw = worstState(raws);
      if (raw === undefined) continue;
      withVerdict += 1;
      const confirmed = worstState([...(byProvider.get(provider)?.values() ?? [])].map((track) => track.memory.state));
      const confirmedDown = confirmed !== undefined && severityRank(confirmed) >= partialRank;
      if (confirmedDown) confirmedFailing += 1;
      if (confirmedDown || severityRank(raw) >= partialRank) failing += 1;
    }
    const allFailing = withVerdict >= 2 && failing === withVerdict && confirmedFailing > 0;
    const selfStreakState = allFailing ? 'major_outage' : 'operational';
    if (allFailing || selfIncident) {
      book.reconcile(
        { provider: 'outlast', state: selfStreakState, targets: [], recovering: false, firstFailureAt: undefined },
        nowMs,
      );
      selfIncident = allFailing;
    }
    const providers = new Set([...tracks.values()].map((track) => track.provider));
    for (const provider of providers) {
      const providerTracks = [...tracks.values()].filter((track) => track.provider === provider);
      const state = worstState(providerTracks.map((track) => track.memory.state));
      if (state !== undefined) addStateSeconds(providerBucketOf(provider, nowMs), provider, nowMs, state, elapsedS);
      if (selfIncident && book.openIncident(provider) === undefined) continue;
      const firstFailures = providerTracks
        .map((track) => track.firstFailureAt)
        .filter((at): at is number => at !== undefined);
      book.reconcile(
        {
          provider,
          state,
          targets: providerTracks.map((track) => ({
            model: track.model,
            state: track.memory.state,
            samples: track.recentErrors,
          })),
          recovering: providerTracks.some((track) => track.memory.direction === 'better'),
          firstFailureAt: firstFailures.length === 0 ? undefined : Math.min(...firstFailures),
        },
        nowMs,
      );
    }
    const movesByProvider = new Map<string, { from: string; to: string; count: number }[]>();
    for (const move of moves.values()) {
      const list = movesByProvider.get(move.provider) ?? [];
      list.push({ from: move.from, to: move.to, count: move.count });
      movesByProvider.set(move.provider, list);
    }
    moves.clear();
    for (const [provider, list] of movesByProvider) book.addFailover(provider, list, nowMs);
  }

  function addStateSeconds(bucket: HistoryBucket, provider: string, atMs: number, state: HealthState, seconds: number) {
    if (inMaintenance(provider, atMs)) {
      bucket.maintenance_s += seconds;
      return;
    }
    bucket.covered_s += seconds;
    if (state === 'degraded') bucket.degraded_s += seconds;
    else if (state === 'partial_outage') bucket.partial_s += seconds;
    else if (state === 'major_outage') bucket.major_s += seconds;
  }

  function flush(): void {
    const nowMs = now();
    lastFlushMs = nowMs;
    const batch = pending.splice(0);
    for (const track of tracks.values()) {
      batch.push(track.bucket);
      track.bucket = emptyBucket(track.provider, track.model, 'minute', nowMs - (nowMs % minuteMs));
    }
    const byProviderMinute = new Map<string, HistoryBucket>();
    for (const bucket of batch) {
      if (bucket.model === '') continue;
      const key = `${bucket.provider}\u0000${bucket.startMs}`;
      let sum = byProviderMinute.get(key);
      if (sum === undefined) {
        sum = emptyBucket(bucket.provider, '', 'minute', bucket.startMs);
        byProviderMinute.set(key, sum);
      }
      for (const counter of [
        'ok',
        'error',
        'slow',
        'excluded',
        'probes',
        'probe_tokens',
        'delivered_ok',
        'delivered_error',
        'moved',
      ] as const) {
        sum[counter] += bucket[counter];
      }
    }
    // Provider-level state seconds come from the provider's own state, not the sum of its targets.
    for (const bucket of [...providerBuckets.values()]) {
      const key = `${bucket.provider}\u0000${bucket.startMs}`;
      const sum = byProviderMinute.get(key) ?? emptyBucket(bucket.provider, '', 'minute', bucket.startMs);
      for (const counter of ['covered_s', 'degraded_s', 'partial_s', 'major_s', 'maintenance_s'] as const)
        sum[counter] += bucket[counter];
      byProviderMinute.set(key, sum);
    }
    for (const bucket of batch) {
      if (bucket.model !== '') continue;
      const key = `${bucket.provider}\u0000${bucket.startMs}`;
      const sum = byProviderMinute.get(key) ?? emptyBucket(bucket.provider, '', 'minute', bucket.startMs);
      for (const counter of ['covered_s', 'degraded_s', 'partial_s', 'major_s', 'maintenance_s'] as const)
        sum[counter] += bucket[counter];
      byProviderMinute.set(key, sum);
    }
    providerBuckets.clear();
    const rows = batch.filter((bucket) => bucket.model !== '' && !isEmpty(bucket));
    rows.push(...[...byProviderMinute.values()].filter((bucket) => !isEmpty(bucket)));
    deps.history.add(rows);
    const hour = resolutionMs.hour;
    const day = resolutionMs.day;
    const hourStart = nowMs - (nowMs % hour);
    const dayStart = nowMs - (nowMs % day);
    deps.history.rollUp({ from: 'minute', to: 'hour', fromMs: hourStart - 2 * hour, toMs: hourStart + hour });
    deps.history.rollUp({ from: 'hour', to: 'day', fromMs: dayStart - day, toMs: dayStart + day });
    deps.history.prune('minute', nowMs - retentionMs.minute);
    deps.history.prune('hour', nowMs - retentionMs.hour);
    deps.history.prune('day', nowMs - retentionMs.day);
  }

  const cancel = (deps.schedule ?? defaultSchedule)(() => {
    if (ticking) return;
    void tick();
  }, settings().evaluate_interval_s * 1000);

  async function tick(): Promise<void> {
    ticking = true;
    try {
      ensureRouteTargets();
      await runProbes();
      evaluate();
      if (now() - lastFlushMs >= settings().flush_interval_s * 1000) flush();
    } finally {
      ticking = false;
    }
  }

  function health(): HealthReport {
    const nowMs = now();
    ensureRouteTargets();
    const views = new Map(gateway.targets().map((view) => [`${view.provider}\u0000${view.model}`, view]));
    const targets: TargetHealth[] = [...tracks.entries()].map(([key, track]) => {
      const view = views.get(key);
      return {
        provider: track.provider,
        model: track.model,
        state: track.memory.state ?? null,
        availability: view?.availability ?? null,
        breaker: view?.breaker.state ?? null,
        windows: { '1m': track.window.summarize(nowMs, 60_000), '5m': track.window.summarize(nowMs, 300_000) },
        baseline_ttfb_ms: track.baselineTtfbMs ?? null,
        last_probe_at: track.lastProbeAtMs === 0 ? null : track.lastProbeAtMs,
        last_probe_ok: track.lastProbeOk ?? null,
      };
    });
    const providerIds = [
      ...new Set([
        ...gateway.config().providers.map((provider) => provider.id),
        ...targets.map((target) => target.provider),
      ]),
    ];
    const modelNames = [...new Set(targets.map((target) => target.model))];
    return {
      generated_at: nowMs,
      self: selfIncident ? 'our_network' : 'ok',
      providers: providerIds.map((provider) => ({
        provider,
        state:
          worstState(
            targets.filter((target) => target.provider === provider).map((target) => target.state ?? undefined),
          ) ?? null,
        open_incident: book.openIncident(provider)?.id ?? null,
      })),
      models: modelNames.map((model) => ({
        model,
        state:
          worstState(targets.filter((target) => target.model === model).map((target) => target.state ?? undefined)) ??
          null,
      })),
      targets,
      probes: { count: probeCount, tokens: probeTokens },
    };
  }

  // A restart in the middle of an incident: its failing models start from the incident's severity, so the
  // recovery rule applies and nothing is opened a second time.
  for (const route of gateway.config().routes)
    for (const target of route.targets) trackOf(target.provider, target.model);
  for (const incident of deps.incidents.list({ status: 'open' })) {
    if (incident.model === undefined) continue;
    trackOf(incident.provider, incident.model).memory = { state: incident.severity, streak: 0, direction: undefined };
  }

  return {
    wrapDispatch,
    now,
    tick,
    evaluate,
    flush,
    health,
    incidents: (query) => book.list(query),
    incident: (id) => book.get(id),
    addNote: (id, text) => book.addNote(id, text, now()),
    history: (query) => deps.history.query(query),
    subscribe: (sink) => book.subscribe(sink),
    subscribeLive(listener) {
      live.add(listener);
      return () => live.delete(listener);
    },
    recordVendorIncident(vendor) {
      noteMaintenance(vendor);
      book.recordVendorIncident(vendor, now());
    },
    close() {
      cancel();
      unsubscribe(events.attemptEnd.name, onAttemptEnd);
      unsubscribe(events.attemptFailover.name, onFailover);
      live.clear();
      try {
        flush();
      } finally {
        deps.history.close();
        deps.incidents.close();
      }
    },
  };
}

function isEmpty(bucket: HistoryBucket): boolean {
  return (
    bucket.ok +
      bucket.error +
      bucket.excluded +
      bucket.probes +
      bucket.delivered_ok +
      bucket.delivered_error +
      bucket.moved ===
      0 && bucket.covered_s + bucket.maintenance_s === 0
  );
}
