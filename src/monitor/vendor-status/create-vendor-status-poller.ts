import { sendOutboundRequest } from '../../alerts/outbound-request.ts';
import type { VendorIncident } from '../../core/monitoring.ts';
import { parseStatuspageComponents, type StatuspageComponent } from './parse-statuspage-components.ts';
import { parseStatuspageIncidents, type StatuspageIncident } from './parse-statuspage-incidents.ts';
import type { StatusPageTarget } from './resolve-status-page.ts';
import { toVendorIncident } from './to-vendor-incident.ts';

/** Schedules `callback` after `delayMs`; returns a cancel function. */
export type PollTimer = (callback: () => void, delayMs: number) => () => void;

/** Options of the vendor status poller. */
export interface VendorStatusPollerOptions {
  /** Pages to poll (one per provider). */
  pages: readonly StatusPageTarget[];
  /** Receives each vendor incident on first sight and again on each change (the monitor's recordVendorIncident). */
  sink: (incident: VendorIncident) => void;
  /** Clock in ms. */
  now?: () => number;
  /** Uniform source in [0, 1) for jitter. */
  random?: () => number;
  /** Timer (tests inject a fake one). */
  schedule?: PollTimer;
  /** Poll interval, in ms (60 s). */
  intervalMs?: number;
  /** Time allowed per document, in ms (10 s). */
  timeoutMs?: number;
  /** Longest wait after repeated failures, in ms (10 min). */
  maxBackoffMs?: number;
  /** The outbound HTTP function. */
  send?: typeof sendOutboundRequest;
  /** Logs a failed poll (no secrets: the page URL is public). */
  logError?: (message: string, fields: Record<string, unknown>) => void;
}

/** What the poller knows of one page (for the admin API and the dashboard). */
export interface VendorPageState {
  /** Provider id. */
  provider: string;
  /** Page base URL. */
  url: string;
  /** `page.time_zone` as last read. */
  timeZone?: string | undefined;
  /** Components as last read. */
  components: StatuspageComponent[];
  /** Last successful poll. */
  lastOkAt?: number | undefined;
  /** Failures in a row. */
  failures: number;
  /** The last failure. */
  lastError?: string | undefined;
}

/** Polls vendor status pages. */
export interface VendorStatusPoller {
  /** Starts polling every page (first poll after a short jittered delay). */
  start(): void;
  /** Stops polling. */
  stop(): void;
  /** Polls every page once now; never rejects. */
  pollOnce(): Promise<void>;
  /** What is known of each page. */
  pages(): VendorPageState[];
}

interface PageRuntime {
  target: StatusPageTarget;
  state: VendorPageState;
  seen: Map<string, { fingerprint: string; firstSeenAt: number }>;
  primed: boolean;
  cancel: (() => void) | undefined;
  /** The poll in progress: polls of one page run one after the other, so an older read never undoes a newer one. */
  polling: Promise<void>;
}

const realTimer: PollTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

function fingerprintOf(incident: StatuspageIncident): string {
  const last = incident.updates.at(-1);
  return [
    incident.status,
    incident.impact,
    incident.updatedAt,
    incident.updates.length,
    last?.at ?? 0,
    incident.resolvedAt ?? 0,
    incident.scheduledFor ?? 0,
    incident.scheduledUntil ?? 0,
  ].join('|');
}

function isOver(incident: StatuspageIncident): boolean {
  return incident.resolvedAt !== undefined || incident.status === 'completed' || incident.status === 'postmortem';
}

/**
 * Polls each provider's Statuspage v2 page (incidents.json, scheduled-maintenances.json, components.json) every
 * `intervalMs`, jittered, with a timeout, backing off exponentially while a page fails. Emits a VendorIncident on
 * first sight (with `firstSeenAt` = now) and again whenever it changes; on the first successful read of a page,
 * incidents already over are history and are not emitted. Never throws.
 */
export function createVendorStatusPoller(options: VendorStatusPollerOptions): VendorStatusPoller {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const schedule = options.schedule ?? realTimer;
  const intervalMs = options.intervalMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBackoffMs = options.maxBackoffMs ?? 600_000;
  const send = options.send ?? sendOutboundRequest;
  const logError = options.logError ?? (() => {});
  let running = false;
  const runtimes: PageRuntime[] = options.pages.map((target) => ({
    target,
    state: { provider: target.provider, url: target.url, components: [], failures: 0 },
    seen: new Map(),
    primed: false,
    cancel: undefined,
    polling: Promise.resolve(),
  }));

  async function fetchDocument(runtime: PageRuntime, file: string): Promise<unknown> {
    const response = await send({
      url: `${runtime.target.url}/api/v2/${file}`,
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'outlast-vendor-status' },
      timeoutMs,
      maxResponseBytes: 8 * 1024 * 1024,
    });
    if (response.status !== 200) throw new Error(`${file}: HTTP ${response.status}`);
    try {
      return JSON.parse(response.body);
    } catch {
      throw new Error(`${file}: not JSON`);
    }
  }

  function emit(runtime: PageRuntime, incident: StatuspageIncident, firstSeenAt: number): void {
    try {
      options.sink(
        toVendorIncident({
          incident,
          provider: runtime.target.provider,
          components: runtime.target.components,
          firstSeenAt,
        }),
      );
    } catch (error) {
      logError('vendor incident sink failed', { provider: runtime.target.provider, error: String(error) });
    }
  }

  function pollPage(runtime: PageRuntime): Promise<void> {
    runtime.polling = runtime.polling.then(() => readPage(runtime));
    return runtime.polling;
  }

  async function readPage(runtime: PageRuntime): Promise<void> {
    try {
      const [incidentsDocument, maintenancesDocument, componentsDocument] = await Promise.all([
        fetchDocument(runtime, 'incidents.json'),
        fetchDocument(runtime, 'scheduled-maintenances.json').catch(() => undefined),
        fetchDocument(runtime, 'components.json').catch(() => undefined),
      ]);
      const incidents = parseStatuspageIncidents(incidentsDocument, { maintenance: false });
      if (!incidents.ok) throw new Error(incidents.error);
      const maintenances =
        maintenancesDocument === undefined
          ? undefined
          : parseStatuspageIncidents(maintenancesDocument, { maintenance: true });
      const all = [...incidents.incidents, ...(maintenances?.ok === true ? maintenances.incidents : [])];
      const at = now();
      const current = new Set<string>();
      for (const incident of all) {
        const key = `${incident.maintenance ? 'm' : 'i'}:${incident.id}`;
        current.add(key);
        const fingerprint = fingerprintOf(incident);
        const known = runtime.seen.get(key);
        if (known === undefined) {
          runtime.seen.set(key, { fingerprint, firstSeenAt: at });
          if (runtime.primed || !isOver(incident)) emit(runtime, incident, at);
        } else if (known.fingerprint !== fingerprint) {
          known.fingerprint = fingerprint;
          emit(runtime, incident, known.firstSeenAt);
        }
      }
      // Forget what fell off the end of the feed (it lists the 50 latest).
      for (const key of runtime.seen.keys()) if (!current.has(key)) runtime.seen.delete(key);
      runtime.primed = true;
      runtime.state.timeZone = incidents.page?.timeZone ?? runtime.state.timeZone;
      if (componentsDocument !== undefined) runtime.state.components = parseStatuspageComponents(componentsDocument);
      runtime.state.lastOkAt = at;
      runtime.state.failures = 0;
      runtime.state.lastError = undefined;
    } catch (error) {
      runtime.state.failures += 1;
      runtime.state.lastError = error instanceof Error ? error.message : String(error);
      logError('vendor status poll failed', {
        provider: runtime.target.provider,
        failures: runtime.state.failures,
        error: runtime.state.lastError,
      });
    }
  }

  function nextDelayMs(runtime: PageRuntime): number {
    const base = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(runtime.state.failures, 20));
    return Math.round(base * (0.9 + 0.2 * random()));
  }

  function loop(runtime: PageRuntime, delayMs: number): void {
    runtime.cancel = schedule(() => {
      runtime.cancel = undefined;
      void pollPage(runtime).then(() => {
        if (running) loop(runtime, nextDelayMs(runtime));
      });
    }, delayMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      for (const runtime of runtimes) loop(runtime, Math.round(random() * Math.min(intervalMs, 5_000)));
    },
    stop() {
      running = false;
      for (const runtime of runtimes) {
        runtime.cancel?.();
        runtime.cancel = undefined;
      }
    },
    async pollOnce() {
      await Promise.all(runtimes.map((runtime) => pollPage(runtime)));
    },
    pages: () => runtimes.map((runtime) => ({ ...runtime.state, components: [...runtime.state.components] })),
  };
}
