import type { AlertsConfig } from '../config/alerts-schema.ts';
import type { IncidentEvent, IncidentEventSink } from '../core/monitoring.ts';
import { backoffCeilingMs } from '../policies/backoff.ts';
import type { AlertDelivery, AlertsStore, DeliveryStatus } from '../store/alerts/alerts-store.ts';
import { sendOutboundRequest } from './outbound-request.ts';
import { routeIncidentEvent } from './route-incident-event.ts';
import { sendAlert } from './send-alert.ts';

/** Schedules `callback` after `delayMs`; returns a cancel function. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void;

/** Dependencies of the alert manager. */
export interface AlertManagerOptions {
  /** The `alerts` section of the config. */
  config: AlertsConfig;
  /** Delivery state (SQLite in production, so restarts never page twice). */
  store: AlertsStore;
  /** Clock in ms. */
  now?: () => number;
  /** Uniform source in [0, 1) for retry jitter. */
  random?: () => number;
  /** Timer for retries (tests inject a fake one). */
  schedule?: ScheduleTimer;
  /** The outbound HTTP function (the SSRF guard wraps it). */
  send?: typeof sendOutboundRequest;
  /** Logs a failure; fields never carry a secret. */
  logError?: (message: string, fields: Record<string, unknown>) => void;
}

/** A delivery as the admin API shows it (no secrets: channel name, never its URL or key). */
export interface DeliveryView {
  /** Incident event id. */
  eventId: string;
  /** Event kind. */
  kind: IncidentEvent['kind'];
  /** Incident id. */
  incidentId: string;
  /** Channel name. */
  channel: string;
  /** Where it stands. */
  status: DeliveryStatus;
  /** Attempts made. */
  attempts: number;
  /** Last failure. */
  lastError?: string | undefined;
  /** When it was recorded. */
  createdAt: number;
  /** When it ended. */
  finishedAt?: number | undefined;
}

/** Routes incident events to channels and delivers each (event, channel) exactly once, with retries. */
export interface AlertManager {
  /** Feed it incident events (the monitor's sink); never throws. */
  sink: IncidentEventSink;
  /** Resumes deliveries left pending by a previous process (call once at start). */
  resume(): void;
  /** Resolves when no send is in flight (retries waiting on a timer do not count). */
  idle(): Promise<void>;
  /** The latest deliveries, newest first. */
  deliveries(limit?: number): DeliveryView[];
  /** Uses a new `alerts` config for the next events and retries. */
  reload(config: AlertsConfig): void;
  /** Cancels retry timers and waits for sends in flight. */
  close(): Promise<void>;
}

const realSchedule: ScheduleTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

function keyOf(eventId: string, channel: string): string {
  return `${eventId}\u0000${channel}`;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * Creates the alert manager. Each (event id, channel) is recorded in the store before the first send and marked
 * delivered right after it succeeds, so a restart resumes pending deliveries and never repeats a delivered one (a
 * crash between a send and its mark is the one window for a repeat; PagerDuty's dedup_key absorbs it). Sends of one
 * incident to one channel go in order, so a resolve never overtakes its trigger.
 */
export function createAlertManager(options: AlertManagerOptions): AlertManager {
  let config = options.config;
  const { store } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const schedule = options.schedule ?? realSchedule;
  const send = options.send ?? sendOutboundRequest;
  const logError = options.logError ?? (() => {});
  const timers = new Map<string, () => void>();
  const inFlight = new Set<string>();
  const running = new Set<Promise<void>>();
  const chains = new Map<string, Promise<void>>();
  let closed = false;

  function retryDelayMs(attempts: number): number {
    const ceiling = backoffCeilingMs({
      attempt: attempts - 1,
      baseMs: config.delivery.base_ms,
      capMs: config.delivery.cap_ms,
    });
    return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random())));
  }

  function scheduleAttempt(delivery: AlertDelivery): void {
    const key = keyOf(delivery.eventId, delivery.channel);
    if (closed || timers.has(key)) return;
    const delayMs = Math.max(0, delivery.nextAttemptAt - now());
    timers.set(
      key,
      schedule(() => {
        timers.delete(key);
        startAttempt(delivery.eventId, delivery.channel);
      }, delayMs),
    );
  }

  async function attempt(eventId: string, channelName: string): Promise<void> {
    const delivery = store.get(eventId, channelName);
    if (delivery === undefined || delivery.status !== 'pending') return;
    const channel = config.channels.find((candidate) => candidate.name === channelName);
    if (channel === undefined) {
      store.finish(eventId, channelName, { status: 'failed', at: now(), error: 'the channel is no longer configured' });
      return;
    }
    try {
      const outcome = await sendAlert(channel, delivery.event, { timeoutMs: config.delivery.timeout_ms, now, send });
      store.finish(eventId, channelName, { status: outcome, at: now() });
    } catch (error) {
      const attempts = delivery.attempts + 1;
      const message = messageOf(error);
      if (attempts >= config.delivery.max_attempts) {
        store.finish(eventId, channelName, { status: 'failed', at: now(), error: message });
        logError('alert delivery gave up', { eventId, channel: channelName, attempts, error: message });
        return;
      }
      const nextAttemptAt = now() + retryDelayMs(attempts);
      store.recordRetry(eventId, channelName, { nextAttemptAt, error: message });
      scheduleAttempt({ ...delivery, attempts, nextAttemptAt });
    }
  }

  function startAttempt(eventId: string, channelName: string): void {
    const key = keyOf(eventId, channelName);
    if (closed || inFlight.has(key)) return;
    inFlight.add(key);
    const incidentId = store.get(eventId, channelName)?.incidentId ?? eventId;
    const chainKey = keyOf(incidentId, channelName);
    const previous = chains.get(chainKey) ?? Promise.resolve();
    const work = previous
      .then(() => attempt(eventId, channelName))
      .catch((error: unknown) =>
        logError('alert delivery failed', { eventId, channel: channelName, error: messageOf(error) }),
      )
      .finally(() => {
        inFlight.delete(key);
        running.delete(work);
        if (chains.get(chainKey) === work) chains.delete(chainKey);
      });
    chains.set(chainKey, work);
    running.add(work);
  }

  function sink(event: IncidentEvent): void {
    if (closed) return;
    try {
      const names = routeIncidentEvent({
        event,
        channels: config.channels,
        businessHours: config.business_hours,
        alerted: store.channelsAlerted(event.incident.id),
      });
      for (const name of names) {
        if (store.enqueue({ eventId: event.id, channel: name, event, createdAt: now() })) startAttempt(event.id, name);
      }
    } catch (error) {
      logError('alert routing failed', { eventId: event.id, error: messageOf(error) });
    }
  }

  return {
    sink,
    resume() {
      for (const delivery of store.listPending()) {
        if (delivery.nextAttemptAt <= now()) startAttempt(delivery.eventId, delivery.channel);
        else scheduleAttempt(delivery);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    deliveries(limit = 100) {
      return store.listRecent(limit).map((delivery) => ({
        eventId: delivery.eventId,
        kind: delivery.event.kind,
        incidentId: delivery.incidentId,
        channel: delivery.channel,
        status: delivery.status,
        attempts: delivery.attempts,
        lastError: delivery.lastError,
        createdAt: delivery.createdAt,
        finishedAt: delivery.finishedAt,
      }));
    },
    reload(next) {
      config = next;
    },
    async close() {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
