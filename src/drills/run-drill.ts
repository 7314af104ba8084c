import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookChannelSchema } from '../alerts/channels/webhook.ts';
import type { OutlastConfig } from '../config/schema.ts';
import type { Monitor } from '../monitor/create-monitor.ts';
import { createVendorStatusPoller } from '../monitor/vendor-status/create-vendor-status-poller.ts';
import { DEFAULT_STATUS_PAGES } from '../monitor/vendor-status/resolve-status-page.ts';
import { serveGateway } from '../server/serve-gateway.ts';
import { createSimulator } from '../sim/create-simulator.ts';
import { createSeededRandom } from '../sim/seeded-random.ts';
import type { CompiledScenario, TimelineStep } from './compile-scenario.ts';
import {
  createDrillClients,
  type DrillSample,
  outlastServedBy,
  type RequestKind,
  requestKinds,
  sendDrillRequest,
} from './send-drill-request.ts';
import { type DrillFigures, type DrillIncidentEvent, summarizeDrill } from './summarize-drill.ts';

/** Options of a drill run. */
export interface DrillOptions {
  /** The scenario to play. */
  scenario: CompiledScenario;
  /** Builds the gateway config once the simulator listens (the demo config by default, see the CLI). */
  config: (simUrl: string) => OutlastConfig;
  /** Simulated seconds per real second (Infinity: as fast as the machine goes). */
  speed: number;
  /** Requests per real second at this speed (each way); at least 2 per step are sent. */
  rps: number;
  /** Simulated length of one step (requests, monitor round), in ms (10 s). */
  stepMs?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Another gateway to drill instead of Outlast (docs/drills.md: Portkey); Outlast by default. */
  subject?: DrillSubject;
}

/** A gateway other than Outlast under drill: it gets the OpenAI-format half of the load. */
export interface DrillSubject {
  /** Name in the report. */
  name: string;
  /** Starts it in front of the simulator (the primary and fallback of `config`). */
  start(options: { simUrl: string; config: OutlastConfig }): Promise<{
    /** Base URL (the OpenAI SDK's is `${baseUrl}/v1`). */
    baseUrl: string;
    /** Headers of every request (e.g. its routing config). */
    headers: Record<string, string>;
    /** Model name to ask for. */
    model: string;
    /** Which target served an answer, from its headers. */
    servedBy: (headers: Headers) => string | undefined;
    /** Stops it. */
    close(): Promise<void>;
  }>;
}

/** A finished drill: what was played, what was measured. */
export interface DrillReport {
  /** Scenario id. */
  scenario: string;
  /** The gateway drilled: `outlast`, or another subject's name. */
  subject: string;
  /** Its title. */
  title: string;
  /** Simulated start, ISO 8601. */
  start: string;
  /** Simulated length, in ms. */
  durationMs: number;
  /** Speed used. */
  speed: number;
  /** Simulated step, in ms. */
  stepMs: number;
  /** Requests per step, each way. */
  perStep: number;
  /** Real time the run took, in ms. */
  realMs: number;
  /** Primary target (`provider/model`) and the route played. */
  primary: string;
  /** The route model the load asked for. */
  route: string;
  /** The timeline, as offsets (ms) and notes. */
  timeline: { offsetMs: number; note: string }[];
  /** Fault windows (offsets in ms). */
  faultWindows: { startMs: number; endMs: number }[];
  /** Incident events of the monitor. */
  incidentEvents: DrillIncidentEvent[];
  /** First sighting of a vendor incident on the simulated status page (offset, ms). */
  vendorSeenOffsetMs: number | undefined;
  /** The figures. */
  figures: DrillFigures;
}

/** The gateway under drill, as the loop drives it. */
interface Harness {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  model: string;
  servedBy: (headers: Headers) => string | undefined;
  kinds: readonly RequestKind[];
  tick(): Promise<void>;
  poll(): Promise<void>;
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function startAlertReceiver() {
  const ids: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = request.headers['x-outlast-event-id'];
      if (typeof id === 'string') ids.push(id);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/drill-alerts`,
    ids,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function primaryOf(config: OutlastConfig) {
  const route = config.routes[0];
  const target = route?.targets[0];
  const provider = config.providers.find((entry) => entry.id === target?.provider);
  if (route === undefined || target === undefined || provider === undefined)
    throw new Error('the config needs a route whose first target names a provider');
  if (provider.type !== 'anthropic')
    throw new Error(
      `the drill's baseline calls the primary directly with the Anthropic SDK; ${provider.id} is ${provider.type}`,
    );
  return { route: route.model, provider, model: target.model };
}

/**
 * Plays a scenario: the simulator and a gateway in-process on loopback under a stepped clock (each step jumps the
 * simulated time by `stepMs`; within a step time runs at real pace, so latencies are real), the timeline's faults and
 * status page changes, the same load through Outlast and straight to the primary, the monitor and the vendor page
 * poller ticked by the drill, and the incident events delivered to an in-process webhook.
 */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const { scenario } = options;
  const stepMs = options.stepMs ?? 10_000;
  const log = options.log ?? (() => {});
  const realStarted = performance.now();
  let simBase = scenario.startMs;
  let realBase = performance.now();
  const now = () => Math.floor(simBase + (performance.now() - realBase));
  const simulator = createSimulator({ now, random: createSeededRandom(7) });
  const sim = await simulator.listen(0, '127.0.0.1');
  const receiver = await startAlertReceiver();
  const base = options.config(sim.url);
  const channel = webhookChannelSchema.parse({
    type: 'webhook',
    name: 'drill',
    url: receiver.url,
    secret: 'drill-webhook-secret-0123456789',
  });
  const config: OutlastConfig = {
    ...base,
    monitoring: { ...base.monitoring, enabled: true },
    // A drill never pages anyone: the config's channels are replaced by the drill's own receiver, on loopback, which
    // the SSRF guard lets through for this in-process gateway only.
    alerts: { ...base.alerts, channels: [channel] },
    server: { ...base.server, allow_private_urls: true },
  };
  const incidentEvents: DrillIncidentEvent[] = [];
  let vendorSeenOffsetMs: number | undefined;
  let primary: ReturnType<typeof primaryOf>;
  let harness: Harness;
  try {
    primary = primaryOf(config);
    harness = options.subject === undefined ? await startOutlast() : await startSubject(options.subject);
  } catch (error) {
    await simulator.close();
    await receiver.close();
    throw error;
  }
  const vendor = primary.provider.type;
  const clients = createDrillClients({
    gatewayUrl: harness.baseUrl,
    primaryUrl: primary.provider.base_url,
    primaryKey: primary.provider.api_key ?? 'drill-key',
    routeModel: harness.model,
    primaryModel: primary.model,
    headers: harness.headers,
    servedBy: harness.servedBy,
  });
  const kinds = harness.kinds;
  const perStep = Number.isFinite(options.speed)
    ? Math.max(2, Math.round((options.rps * stepMs) / 1000 / options.speed))
    : 2;
  const samples: DrillSample[] = [];
  const incidentRefs = new Map<string, string>();
  const pending = [...scenario.steps];
  const stepCount = Math.ceil(scenario.durationMs / stepMs);
  let sent = 0;
  try {
    simulator.clearFaults();
    await fetch(`${sim.url}/sim/status/${vendor}`, { method: 'DELETE' });
    await harness.poll();
    for (let step = 0; step < stepCount; step++) {
      const offsetMs = step * stepMs;
      while (pending.length > 0 && (pending[0]?.offsetMs ?? Infinity) <= offsetMs) {
        await applyStep(pending.shift() as TimelineStep);
      }
      const atMs = now();
      const batch: Promise<DrillSample>[] = [];
      for (let index = 0; index < perStep; index++) {
        const kind = kinds[sent % kinds.length] ?? 'openai';
        const common = { clients, kind, index: sent, atMs, timeoutMs: 30_000 };
        batch.push(sendDrillRequest({ ...common, path: 'outlast' }));
        batch.push(sendDrillRequest({ ...common, path: 'direct' }));
        sent += 1;
      }
      samples.push(...(await Promise.all(batch)));
      await harness.tick();
      if (offsetMs % 60_000 < stepMs) await harness.poll();
      if (step % 360 === 0) log(`drill ${scenario.scenario.name}: ${Math.round(offsetMs / 60_000)} min simulated`);
      // Advance the clock to the next step, never backwards, and keep to the speed.
      simBase = Math.max(scenario.startMs + offsetMs + stepMs, now());
      realBase = performance.now();
      if (Number.isFinite(options.speed)) {
        const dueMs = (offsetMs + stepMs) / options.speed - (performance.now() - realStarted);
        if (dueMs > 1) {
          await wait(dueMs);
          realBase = performance.now();
        }
      }
    }
    simulator.clearFaults();
    // Alerts are delivered off the hot path: give them a moment to arrive.
    for (let tries = 0; tries < 100 && receiver.ids.length < incidentEvents.length; tries++) await wait(20);
  } finally {
    await harness.close();
    await simulator.close();
    await receiver.close();
  }
  const figures = summarizeDrill({
    startMs: scenario.startMs,
    durationMs: scenario.durationMs,
    faultWindows: scenario.faultWindows,
    primaryOutage: scenario.scenario.primary_outage,
    primaryProvider: primary.provider.id,
    primaryTarget: `${primary.provider.id}/${primary.model}`,
    samples,
    incidentEvents,
    alertIds: receiver.ids,
    vendorSeenOffsetMs,
  });
  return {
    scenario: scenario.scenario.name,
    subject: harness.name,
    title: scenario.scenario.title,
    start: new Date(scenario.startMs).toISOString(),
    durationMs: scenario.durationMs,
    speed: options.speed,
    stepMs,
    perStep,
    realMs: Math.round(performance.now() - realStarted),
    primary: `${primary.provider.id}/${primary.model}`,
    route: primary.route,
    timeline: scenario.steps.map((step) => ({ offsetMs: step.offsetMs, note: step.note ?? '' })),
    faultWindows: scenario.faultWindows.map((window) => ({ ...window })),
    incidentEvents,
    vendorSeenOffsetMs,
    figures,
  };

  async function startOutlast(): Promise<Harness> {
    const served = await serveGateway(config, {
      port: 0,
      host: '127.0.0.1',
      // Retry waits are compressed like the clock: a step stands for `stepMs`, a real wait would stall the load.
      deps: { now, random: createSeededRandom(11), sleep: (ms, signal) => sleepCompressed(ms, signal) },
      monitorSchedule: () => () => {},
    });
    const monitor = served.gateway.monitor as Monitor;
    monitor.subscribe((event) => {
      incidentEvents.push({
        id: event.id,
        kind: event.kind,
        provider: event.incident.provider,
        severity: event.incident.severity,
        offsetMs: event.at - scenario.startMs,
      });
    });
    const poller = createVendorStatusPoller({
      pages: [
        {
          provider: primary.provider.id,
          url: `${sim.url}/sim/status/${primary.provider.type}`,
          components: DEFAULT_STATUS_PAGES[primary.provider.type]?.components,
        },
      ],
      sink: (incident) => {
        if (!incident.maintenance && vendorSeenOffsetMs === undefined)
          vendorSeenOffsetMs = incident.firstSeenAt - scenario.startMs;
        monitor.recordVendorIncident(incident);
      },
      now,
      schedule: () => () => {},
    });
    return {
      name: 'outlast',
      baseUrl: served.url,
      headers: {},
      model: primary.route,
      servedBy: outlastServedBy,
      kinds: requestKinds,
      tick: () => monitor.tick(),
      poll: () => poller.pollOnce(),
      close: () => served.close(100),
    };
  }

  async function startSubject(subject: DrillSubject): Promise<Harness> {
    const started = await subject.start({ simUrl: sim.url, config });
    return {
      name: subject.name,
      ...started,
      kinds: requestKinds.filter((kind) => kind.startsWith('openai')),
      tick: async () => {},
      poll: async () => {},
    };
  }

  async function applyStep(step: TimelineStep): Promise<void> {
    if (step.faults !== undefined) simulator.setFaults(step.faults);
    for (const change of step.status) {
      const { vendor: page, incident, ...rest } = change;
      const body: Record<string, unknown> = { ...rest };
      if (incident !== undefined) {
        const { ref, ...fields } = incident;
        const id = incidentRefs.get(`${page}/${ref}`);
        body.incident = id === undefined ? fields : { ...fields, id };
      }
      const response = await fetch(`${sim.url}/sim/status/${page}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { incident?: { id?: string } };
      if (!response.ok) throw new Error(`status page change refused: ${JSON.stringify(answer)}`);
      if (incident !== undefined && answer.incident?.id !== undefined)
        incidentRefs.set(`${page}/${incident.ref}`, answer.incident.id);
    }
  }
}

/** A retry wait of the compressed clock: at most 20 real ms. */
function sleepCompressed(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, Math.min(ms, 20));
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
