/**
 * S7, failover timing. Two mocks on the load core, a primary and a fallback (`x-mock-name` on
 * every answer, a log of arrival times at `GET /__hits`). Per failure mode and arm: a fixed-rate
 * open-loop driver runs warm-up, healthy, then the primary fails (the flip), then it heals; the
 * client records, the primary's arrival log and, for Outlast, the breaker openings read every
 * 100 ms from `GET /admin/api/targets` give time to the first fallback success, the cost of the
 * first failing request, what the primary still received (before the breaker opened, then
 * probes), throughput while degraded, client errors and the time back to the primary.
 *
 * Every run starts a fresh gateway process (Outlast's breaker openings, retry budget and throttle
 * windows would otherwise carry over from one mode to the next), so the flip is the first failure
 * each process meets: its cold path, as in a gateway's first real outage. The one-at-a-time
 * repetitions after the open-loop run measure the warm path.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, request as undiciRequest } from 'undici';
import type { Arm, ArmName } from '../arms/arm.ts';
import { startOutlastArm } from '../arms/outlast.ts';
import { type FixedRateRecord, startFixedRate } from '../drivers/fixed-rate.ts';
import { epochMs, type MockSettings } from '../mock-upstream.ts';
import { getJson, postJson } from '../net.ts';
import type { Profile } from '../options.ts';
import type { PreparedRequest } from '../payloads.ts';
import { coreWindow, cpuMicros, foreignLoadWindow } from '../proc-stats.ts';
import { type ManagedProcess, sleep, spawnManaged } from '../processes.ts';
import { median, type Spread, spreadOf } from '../stats.ts';
import type { DidNotServe, ScenarioContext } from './context.ts';
import { analyzeS7, type BreakerOpening, type S7Metrics } from './s7-analysis.ts';

export const S7_MODES = ['5xx', '429', 'refused', 'hang', 'mid-stream'] as const;
export type S7Mode = (typeof S7_MODES)[number];

/** How each mode fails the primary and heals it. */
export const S7_MODE_INFO: Record<S7Mode, { flip: string; heal: string; stream: boolean }> = {
  '5xx': {
    flip: 'primary answers every request with 500 (`/__control` mode `status-500`)',
    heal: 'mode `healthy`',
    stream: false,
  },
  '429': {
    flip: 'primary answers every request with 429 and `retry-after: 1` (mode `status-429`)',
    heal: 'mode `healthy`',
    stream: false,
  },
  refused: {
    flip: 'primary closes its listener and drops its connections (mode `refused`): connections refused',
    heal: 'mode `healthy`: listening again on the same port',
    stream: false,
  },
  hang: { flip: 'primary accepts requests and never answers (mode `hang`)', heal: 'mode `healthy`', stream: false },
  'mid-stream': {
    flip: 'streams: primary sends 2 chunks then resets the connection (mode `reset`)',
    heal: 'mode `healthy`',
    stream: true,
  },
};

export type S7Run = {
  mode: S7Mode;
  arm: ArmName;
  /** `mid_stream: continue` for the Outlast variant with that route setting; '' otherwise. */
  variant: string;
  label: string;
  stream: boolean;
  ratePerS: number;
  /** Requests due over the run, and those not sent because maxInFlight were open. */
  sent: number;
  skipped: number;
  /** Actual phase lengths, s. */
  phasesS: { healthy: number; failed: number; healed: number };
  metrics: S7Metrics;
  /** Outlast: breaker state changes seen by the 100 ms admin poll, ms from the flip. */
  breakerTransitions: { offsetMs: number; state: string; availability: string }[] | undefined;
  /** Outlast: rate-limit cool-downs of the primary seen during the failure (429 mode). */
  coolDowns: number | undefined;
  /** Outlast: highest adaptive-throttle reject probability of the primary after the heal. */
  throttleAfterHeal: number | undefined;
  /** Load on the gateway core from other processes during the run, and how busy the load core was (0..1). */
  foreignLoad: number | undefined;
  loadCoreBusy: number | undefined;
  /** The gateway's log tail when it failed or died. */
  evidence: string | undefined;
  /** 5xx, 429, refused: the same flip, one request at a time, repeated (the clean per-request cost). */
  sequential: S7Sequential | undefined;
  /**
   * CPU (utime + stime) of the gateway per request sent, µs: healthy, taken from 250 ms after the last answer not
   * served by the primary to the end of the run (the process warm: a fresh one spends its first seconds compiling), and
   * in the steady degraded window; their ratio is the share of its healthy capacity left while the primary is failed
   * (what a closed loop at saturation would see). Undefined when that healthy tail is shorter than 1.5 s.
   */
  cpu: { healthyUsPerRequest: number; steadyUsPerRequest: number; capacityShare: number } | undefined;
};

/**
 * One request at a time over one keep-alive connection (as S1): per repetition, healthy requests for the median,
 * the flip, a few requests, the heal, and for Outlast `POST /admin/api/targets/reset` so the next repetition starts
 * with a closed breaker (the 429 cool-down has no reset: the next repetition waits it out). The process has already
 * served the open-loop run, so this is the warm failover path.
 */
export type S7Sequential = {
  repetitions: number;
  healthyPerRepetition: number;
  failingPerRepetition: number;
  healthyP50Ms: Spread;
  /** First request after the flip minus the healthy median, per repetition. */
  firstAddedMs: Spread;
  /** Mean added latency of the requests after the flip that still tried the primary, per repetition. */
  primaryTriedAddedMs: Spread;
  /** Requests after the flip that still tried the primary, per repetition (the breaker's threshold shows here). */
  primaryTried: Spread;
  errors: number;
  firstError: string | undefined;
};

export type S7Result = {
  settings: Profile['s7'];
  /** The Outlast config (ports as placeholders) and the Portkey `x-portkey-config` used. */
  outlastConfig: string;
  portkeyConfig: unknown;
  mockCommand: string;
  runs: S7Run[];
  didNotServe: DidNotServe[];
};

const MOCK_SCRIPT = fileURLToPath(new URL('../mock-upstream.ts', import.meta.url));
const ADMIN_KEY = 'bench-s7-admin';

/** Outlast's failover config: route `bench` (mid_stream: error, the default) and `bench-continue`. */
export function s7OutlastConfig(primaryPort: number | string, fallbackPort: number | string, s: Profile['s7']): string {
  const targets = '[ { provider: primary, model: bench-model }, { provider: fallback, model: bench-model } ]';
  const timeouts = `{ headers_ms: ${s.headersMs}, first_token_ms: ${s.firstTokenMs} }`;
  return `server: { port: 0, host: 127.0.0.1 }
defaults:
  breaker: { base_open_ms: ${s.baseOpenMs} }
providers:
  - { id: primary, type: openai-compatible, base_url: "http://127.0.0.1:${primaryPort}/v1", api_key: bench, max_connections: 2048 }
  - { id: fallback, type: openai-compatible, base_url: "http://127.0.0.1:${fallbackPort}/v1", api_key: bench, max_connections: 2048 }
routes:
  - model: bench
    timeouts: ${timeouts}
    targets: ${targets}
  - model: bench-continue
    mid_stream: continue
    timeouts: ${timeouts}
    targets: ${targets}
`;
}

/**
 * Portkey's fallback config (its `x-portkey-config` header): the two mocks as custom hosts, no retries on a target
 * (its retries wait 1 s, 2 s, 4 s ... per request: there is no breaker to skip a dead target, so any retry is paid by
 * every request), and `request_timeout` equal to Outlast's headers timeout so that a hung primary is given up alike.
 */
export function s7PortkeyConfig(primaryPort: number | string, fallbackPort: number | string, s: Profile['s7']) {
  const target = (port: number | string) => ({
    provider: 'openai',
    api_key: 'bench',
    custom_host: `http://127.0.0.1:${port}/v1`,
    override_params: { model: 'bench-model' },
  });
  return {
    strategy: { mode: 'fallback' },
    retry: { attempts: 0 },
    request_timeout: s.headersMs,
    targets: [target(primaryPort), target(fallbackPort)],
  };
}

type NamedMock = {
  name: string;
  port: number;
  origin: string;
  /** Applies a settings patch on the control port; resolves with the epoch ms at which the mock applied it. */
  configure(patch: Partial<MockSettings>): Promise<number>;
  /** Arrival times of model requests in [since, until). */
  hits(since: number, until: number): Promise<number[]>;
  stop(): Promise<void>;
};

async function startNamedMock(context: ScenarioContext, name: string): Promise<NamedMock> {
  const child: ManagedProcess = spawnManaged({
    name: `mock-${name}`,
    command: process.execPath,
    args: [MOCK_SCRIPT, '--port', '0', '--control-port', '0', '--name', name],
    cpu: context.loadCoreForStats,
    logDir: context.tempDir,
  });
  const event = await child.waitForListeningEvent(15_000);
  const origin = `http://127.0.0.1:${event.port}`;
  const control = `http://127.0.0.1:${event.controlPort}`;
  return {
    name,
    port: event.port,
    origin,
    async configure(patch) {
      const answer = (await postJson(control + '/__control', patch)) as { at?: number };
      return answer.at ?? epochMs();
    },
    async hits(since, until) {
      const bound = Number.isFinite(until) ? `&until=${until}` : '';
      const answer = (await getJson(`${control}/__hits?since=${since}${bound}`)) as { hits: number[] };
      return answer.hits;
    },
    stop: () => child.stop(),
  };
}

function openAiRequest(model: string, stream: boolean, headers: Record<string, string> = {}): PreparedRequest {
  const body: Record<string, unknown> = { model, messages: [{ role: 'user', content: 'hello' }] };
  if (stream) body.stream = true;
  return {
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

type PollSample = {
  at: number;
  state: string;
  availability: string;
  reject: number;
  coolDownUntil: number | undefined;
};
type TargetView = {
  provider: string;
  availability: string;
  coolDownUntil?: number;
  breaker: { state: string; openedAt?: number; openUntil?: number };
  throttle?: { rejectProbability: number };
};

/** Reads the primary's target record every 100 ms; the distinct `openedAt` values are the breaker openings. */
function startBreakerPoller(origin: string, provider: string) {
  const samples: PollSample[] = [];
  const openings = new Map<number, number | undefined>();
  let stopped = false;
  let failures = 0;
  const loop = (async () => {
    while (!stopped) {
      const began = performance.now();
      try {
        const response = await undiciRequest(origin + '/admin/api/targets', {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
          headersTimeout: 2000,
          bodyTimeout: 2000,
        });
        const answer = (await response.body.json()) as { targets?: TargetView[] };
        const target = answer.targets?.find((candidate) => candidate.provider === provider);
        if (target !== undefined) {
          const at = epochMs();
          samples.push({
            at,
            state: target.breaker.state,
            availability: target.availability,
            reject: target.throttle?.rejectProbability ?? 0,
            coolDownUntil: target.coolDownUntil,
          });
          if (target.breaker.openedAt !== undefined) openings.set(target.breaker.openedAt, target.breaker.openUntil);
        }
      } catch {
        failures++;
      }
      await sleep(Math.max(1, 100 - (performance.now() - began)));
    }
  })();
  return {
    async stop(): Promise<{ samples: PollSample[]; openings: BreakerOpening[]; failures: number }> {
      stopped = true;
      await loop;
      const list = [...openings.entries()]
        .map(([openedAt, openUntil]) => ({ openedAt, openUntil }))
        .sort((a, b) => a.openedAt - b.openedAt);
      return { samples, openings: list, failures };
    },
  };
}

type SequentialAnswer = {
  latencyMs: number;
  ok: boolean;
  upstream: string | undefined;
  attempts: number | undefined;
  error: string | undefined;
};

const SEQUENTIAL = { repetitions: 5, healthy: 50, failing: 8 };

async function sequentialFlips(input: {
  origin: string;
  request: PreparedRequest;
  arm: 'outlast' | 'portkey';
  mode: S7Mode;
  primary: NamedMock;
  fallbackName: string;
  timeoutMs: number;
}): Promise<S7Sequential> {
  const { primary, mode } = input;
  const client = new Client(input.origin, {
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: input.timeoutMs,
    bodyTimeout: input.timeoutMs,
  });
  const one = async (): Promise<SequentialAnswer> => {
    const start = performance.now();
    try {
      const response = await client.request(input.request);
      const text = await response.body.text();
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const attempts = header('x-outlast-attempts');
      return {
        latencyMs: performance.now() - start,
        ok: response.statusCode === 200,
        upstream: header('x-mock-name') ?? header('x-outlast-provider'),
        attempts: attempts === undefined ? undefined : Number(attempts),
        error: response.statusCode === 200 ? undefined : `${response.statusCode} ${text.slice(0, 200)}`,
      };
    } catch (error) {
      return {
        latencyMs: performance.now() - start,
        ok: false,
        upstream: undefined,
        attempts: undefined,
        error: `wire: ${(error as Error).message}`,
      };
    }
  };
  const healthyP50: number[] = [];
  const firstAdded: number[] = [];
  const triedAdded: number[] = [];
  const tried: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  try {
    for (let rep = 0; rep < SEQUENTIAL.repetitions; rep++) {
      const healthy: number[] = [];
      for (let i = 0; i < SEQUENTIAL.healthy; i++) {
        const answer = await one();
        if (answer.ok) healthy.push(answer.latencyMs);
      }
      const p50 = median(healthy);
      await primary.configure({ mode: flipModeOf(mode) });
      const failing: SequentialAnswer[] = [];
      for (let i = 0; i < SEQUENTIAL.failing; i++) failing.push(await one());
      await primary.configure({ mode: 'healthy' });
      if (input.arm === 'outlast') {
        await postJson(
          `${input.origin}/admin/api/targets/reset`,
          { provider: 'primary', model: 'bench-model' },
          {
            authorization: `Bearer ${ADMIN_KEY}`,
          },
        );
      }
      if (mode === '429') await sleep(1100);
      healthyP50.push(p50);
      firstAdded.push(failing[0]!.latencyMs - p50);
      // A request answered by the fallback on its first attempt skipped the primary (breaker open or cooling down).
      const primaryTried = failing.filter(
        (answer) => !(answer.upstream === input.fallbackName && answer.attempts === 1),
      );
      tried.push(primaryTried.length);
      if (primaryTried.length > 0) {
        triedAdded.push(primaryTried.reduce((sum, answer) => sum + answer.latencyMs, 0) / primaryTried.length - p50);
      }
      for (const answer of failing) {
        if (answer.ok) continue;
        errors++;
        firstError ??= answer.error;
      }
    }
  } finally {
    await client.close();
  }
  return {
    repetitions: SEQUENTIAL.repetitions,
    healthyPerRepetition: SEQUENTIAL.healthy,
    failingPerRepetition: SEQUENTIAL.failing,
    healthyP50Ms: spreadOf(healthyP50),
    firstAddedMs: spreadOf(firstAdded),
    primaryTriedAddedMs: spreadOf(triedAdded),
    primaryTried: spreadOf(tried),
    errors,
    firstError,
  };
}

/** JIT-warms a mock's JSON and stream paths with direct traffic, so that its first answers in a run are not cold. */
async function warmMock(mock: NamedMock, s: Profile['s7']): Promise<void> {
  for (const stream of [false, true]) {
    const driver = startFixedRate({
      origin: mock.origin,
      request: openAiRequest('bench-model', stream),
      ratePerS: stream ? s.streamRatePerS : s.ratePerS,
      stream,
      timeoutMs: s.clientTimeoutMs,
      maxInFlight: 256,
    });
    await sleep(1000);
    await driver.stop();
  }
}

type Variant = { arm: 'outlast' | 'portkey'; variant: string; label: string; model: string };

function variantsFor(mode: S7Mode, withPortkey: boolean): Variant[] {
  const list: Variant[] = [{ arm: 'outlast', variant: '', label: 'Outlast', model: 'bench' }];
  if (mode === 'mid-stream') {
    list[0]!.label = 'Outlast (mid_stream: error)';
    list.push({
      arm: 'outlast',
      variant: 'mid_stream: continue',
      label: 'Outlast (mid_stream: continue)',
      model: 'bench-continue',
    });
  }
  if (withPortkey) list.push({ arm: 'portkey', variant: '', label: 'Portkey', model: 'bench-model' });
  return list;
}

async function sleepUntil(epoch: number): Promise<void> {
  const wait = epoch - epochMs();
  if (wait > 0) await sleep(wait);
}

export async function runS7(context: ScenarioContext): Promise<S7Result> {
  const s = context.profile.s7;
  const portkey = context.arms.find((arm) => arm.name === 'portkey');
  const primary = await startNamedMock(context, 'primary');
  const fallback = await startNamedMock(context, 'fallback');
  context.log(`S7: mocks primary :${primary.port}, fallback :${fallback.port}`);
  await Promise.all([primary.configure(streamShape(s)), fallback.configure(streamShape(s))]);
  await Promise.all([warmMock(primary, s), warmMock(fallback, s)]);
  const portkeyConfig = s7PortkeyConfig(primary.port, fallback.port, s);
  const result: S7Result = {
    settings: s,
    outlastConfig: s7OutlastConfig('<primary>', '<fallback>', s),
    portkeyConfig: s7PortkeyConfig('<primary>', '<fallback>', s),
    mockCommand: `${context.loadCoreForStats === undefined ? '' : `taskset -c ${context.loadCoreForStats} `}node bench/mock-upstream.ts --port 0 --control-port 0 --name primary|fallback`,
    runs: [],
    didNotServe: [],
  };
  let outlastRuns = 0;
  const unknown = (context.s7Modes ?? []).filter((mode) => !(S7_MODES as readonly string[]).includes(mode));
  if (unknown.length > 0) throw new Error(`unknown S7 mode(s) ${unknown.join(', ')}; known: ${S7_MODES.join(', ')}`);
  const modes = S7_MODES.filter((mode) => context.s7Modes === undefined || context.s7Modes.includes(mode));
  try {
    for (const mode of modes) {
      for (const variant of variantsFor(mode, portkey !== undefined)) {
        let arm: Arm | undefined;
        if (variant.arm === 'portkey') {
          // A fresh process per run for Portkey too: both arms meet each failure for the first time in the run.
          arm = await context.restartArm('portkey');
          if (arm === undefined) {
            result.didNotServe.push({ arm: 'portkey', reason: `S7 ${mode}: did not restart`, evidence: '' });
            continue;
          }
        }
        if (variant.arm === 'outlast') {
          const tempDir = join(context.tempDir, `s7-outlast-${++outlastRuns}`);
          mkdirSync(tempDir, { recursive: true });
          try {
            arm = await startOutlastArm({
              repoRoot: context.repoRoot,
              mockPort: primary.port,
              cpu: context.gatewayCpu,
              env: context.armEnv,
              tempDir,
              config: s7OutlastConfig(primary.port, fallback.port, s),
              adminKey: ADMIN_KEY,
            });
          } catch (error) {
            result.didNotServe.push({
              arm: 'outlast',
              reason: `S7 ${mode}: did not start: ${(error as Error).message}`,
              evidence: (error as { evidence?: string }).evidence ?? '',
            });
            continue;
          }
        }
        try {
          const run = await runOne({ context, mode, variant, arm: arm!, primary, fallback, portkeyConfig });
          result.runs.push(run);
          const verdict = judgeServed(run);
          if (verdict !== undefined) {
            result.didNotServe.push({
              arm: run.arm,
              reason: `S7 ${mode}${run.variant === '' ? '' : ` (${run.variant})`}: ${verdict}`,
              evidence: [run.metrics.firstError, run.metrics.firstErrorTail, run.evidence].filter(Boolean).join('\n'),
            });
          }
        } finally {
          if (variant.arm === 'outlast') await arm!.stop();
        }
        await sleep(300);
      }
    }
  } finally {
    await primary.stop();
    await fallback.stop();
  }
  return result;
}

/** Undefined when the arm served the mode; else why not (most answers in the failed phase were errors, or it died). */
function judgeServed(run: S7Run): string | undefined {
  const degraded = run.metrics.degraded;
  if (run.evidence?.startsWith('exited')) return 'the gateway exited during the run';
  if (degraded.requests > 0 && degraded.errors / degraded.requests >= 0.5) {
    return `${degraded.errors} of ${degraded.requests} requests sent while the primary was failed got no good answer (first: ${run.metrics.firstError ?? '?'})`;
  }
  return undefined;
}

async function runOne(input: {
  context: ScenarioContext;
  mode: S7Mode;
  variant: Variant;
  arm: Arm;
  primary: NamedMock;
  fallback: NamedMock;
  portkeyConfig: unknown;
}): Promise<S7Run> {
  const { context, mode, variant, arm, primary, fallback } = input;
  const s = context.profile.s7;
  const info = S7_MODE_INFO[mode];
  await Promise.all([primary.configure(streamShape(s)), fallback.configure(streamShape(s))]);
  const request =
    variant.arm === 'portkey'
      ? openAiRequest(variant.model, info.stream, { 'x-portkey-config': JSON.stringify(input.portkeyConfig) })
      : openAiRequest(variant.model, info.stream);
  const ratePerS = info.stream ? s.streamRatePerS : s.ratePerS;
  const gatewayPids = arm.pid === undefined ? [] : [arm.pid];
  const foreign = foreignLoadWindow(context.gatewayCpu, gatewayPids);
  const loadCore = coreWindow(context.loadCoreForStats);
  const poller = variant.arm === 'outlast' ? startBreakerPoller(arm.origin, 'primary') : undefined;
  const driver = startFixedRate({
    origin: arm.origin,
    request,
    ratePerS,
    stream: info.stream,
    timeoutMs: s.clientTimeoutMs,
    maxInFlight: s.maxInFlight,
    upstreamOf: (headers) => {
      const provider = headers['x-outlast-provider'];
      return Array.isArray(provider) ? provider[0] : provider;
    },
  });
  // A real fallback serves other traffic: a light direct trickle keeps the mock from idling (its first answers after
  // seconds of idleness are a few ms slower, which is the harness, not the gateway).
  const trickle = startFixedRate({
    origin: fallback.origin,
    request: openAiRequest('bench-model', info.stream),
    ratePerS: 20,
    stream: info.stream,
    timeoutMs: s.clientTimeoutMs,
    maxInFlight: 64,
  });
  const cpuSamples = startCpuSampler(arm.pid);
  await sleep(s.warmupS * 1000);
  const healthyStartMs = epochMs();
  await sleep(s.healthyS * 1000);
  const flipMs = await primary.configure({ mode: flipModeOf(mode) });
  await sleepUntil(flipMs + s.failedS * 1000);
  const healMs = await primary.configure({ mode: 'healthy' });
  await sleepUntil(healMs + s.healedS * 1000);
  const endMs = epochMs();
  const cpuSeries = cpuSamples.stop();
  const driven = await driver.stop();
  await trickle.stop();
  const polled = await poller?.stop();
  const foreignLoad = foreign.end();
  const loadCoreBusy = loadCore.end();
  // Refused connections never reach the primary's log: its tries are counted from the client's headers instead.
  const hits = mode === 'refused' ? undefined : await primary.hits(healthyStartMs, endMs);
  const records: FixedRateRecord[] = driven.records.filter((record) => record.startMs < endMs);
  const metrics = analyzeS7({
    records,
    phases: { healthyStartMs, flipMs, healMs, endMs },
    primaryHits: hits,
    openings: polled?.openings,
    primary: primary.name,
    fallback: fallback.name,
    steadyAfterMs: s.steadyAfterMs,
    binMs: s.binMs,
  });
  const sequential =
    mode === '5xx' || mode === '429' || mode === 'refused'
      ? await sequentialFlips({
          origin: arm.origin,
          request,
          arm: variant.arm,
          mode,
          primary,
          fallbackName: fallback.name,
          timeoutMs: s.clientTimeoutMs,
        })
      : undefined;
  const cpu = capacityFromCpu(cpuSeries, records, {
    steadyFromMs: flipMs + s.steadyAfterMs,
    healMs,
    backFromMs: healMs + (metrics.recovery.lastNotPrimaryMs ?? Number.POSITIVE_INFINITY) + 250,
    endMs,
  });
  const run: S7Run = {
    cpu,
    sequential,
    mode,
    arm: variant.arm,
    variant: variant.variant,
    label: variant.label,
    stream: info.stream,
    ratePerS,
    sent: driven.records.length + driven.skipped,
    skipped: driven.skipped,
    phasesS: {
      healthy: (flipMs - healthyStartMs) / 1000,
      failed: (healMs - flipMs) / 1000,
      healed: (endMs - healMs) / 1000,
    },
    metrics,
    breakerTransitions: polled === undefined ? undefined : transitions(polled.samples, flipMs),
    coolDowns:
      polled === undefined
        ? undefined
        : new Set(
            polled.samples
              .filter((sample) => sample.at >= flipMs && sample.at < healMs && sample.coolDownUntil !== undefined)
              .map((sample) => sample.coolDownUntil),
          ).size,
    throttleAfterHeal:
      polled === undefined
        ? undefined
        : polled.samples
            .filter((sample) => sample.at >= healMs)
            .reduce((max, sample) => Math.max(max, sample.reject), 0),
    foreignLoad,
    loadCoreBusy,
    evidence: arm.isAlive() ? undefined : `exited:\n${arm.evidence()}`,
  };
  if (polled !== undefined && polled.failures > 0) {
    run.evidence = `${run.evidence ?? ''}admin poll failed ${polled.failures} times`.trim();
  }
  context.log(summaryLine(run));
  return run;
}

/** Samples the gateway's CPU time (utime + stime, µs) every 250 ms: [epoch ms, µs]. */
function startCpuSampler(pid: number | undefined): { stop(): [number, number][] } {
  const samples: [number, number][] = [];
  const sample = (): void => {
    const micros = pid === undefined ? undefined : cpuMicros(pid);
    if (micros !== undefined) samples.push([epochMs(), micros]);
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}

/**
 * CPU per request sent, in the steady degraded window and once traffic is back on the primary (from `backFromMs`, at
 * least 1.5 s before the end); undefined when there is no such healthy tail.
 */
function capacityFromCpu(
  series: [number, number][],
  records: FixedRateRecord[],
  at: { steadyFromMs: number; healMs: number; backFromMs: number; endMs: number },
): S7Run['cpu'] {
  const usPerRequest = (from: number, until: number): number | undefined => {
    const first = series.find(([t]) => t >= from);
    const last = series.filter(([t]) => t <= until).at(-1);
    if (first === undefined || last === undefined || last[0] - first[0] < 1000) return undefined;
    const sent = records.filter((record) => record.startMs >= first[0] && record.startMs < last[0]).length;
    return sent === 0 ? undefined : (last[1] - first[1]) / sent;
  };
  if (at.endMs - at.backFromMs < 1500) return undefined;
  const healthy = usPerRequest(at.backFromMs, at.endMs);
  const steady = usPerRequest(at.steadyFromMs, at.healMs);
  if (healthy === undefined || steady === undefined) return undefined;
  return { healthyUsPerRequest: healthy, steadyUsPerRequest: steady, capacityShare: healthy / steady };
}

function streamShape(s: Profile['s7']): Partial<MockSettings> {
  return {
    mode: 'healthy',
    latencyMs: 0,
    jitterMs: 0,
    chunks: s.streamChunks,
    chunkIntervalMs: s.streamChunkIntervalMs,
  };
}

function flipModeOf(mode: S7Mode): MockSettings['mode'] {
  if (mode === 'refused') return 'refused';
  if (mode === '5xx') return 'status-500';
  if (mode === '429') return 'status-429';
  if (mode === 'hang') return 'hang';
  return 'reset';
}

function transitions(samples: PollSample[], flipMs: number): NonNullable<S7Run['breakerTransitions']> {
  const out: NonNullable<S7Run['breakerTransitions']> = [];
  let last = '';
  for (const sample of samples) {
    const key = `${sample.state}/${sample.availability}`;
    if (key === last) continue;
    last = key;
    out.push({ offsetMs: Math.round(sample.at - flipMs), state: sample.state, availability: sample.availability });
  }
  return out;
}

function summaryLine(run: S7Run): string {
  const m = run.metrics;
  const f = (value: number | undefined, digits = 1) =>
    value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
  return (
    `S7 ${run.mode} ${run.label}: first fallback success +${f(m.firstFallbackSuccessMs)} ms, ` +
    `first failing request ${f(m.firstFailing?.addedMs, 2)} ms added, ` +
    `breaker open ${m.breaker === undefined ? 'n/a' : `+${f(m.breaker.openAfterMs)} ms`}, ` +
    `primary got ${m.primaryAfterFlip.beforeOpen} before open / ${m.primaryAfterFlip.afterOpen ?? '-'} after (${m.primaryAfterFlip.source}), ` +
    `degraded ${f(m.degraded.throughputShare * 100, 0)}% of healthy, errors ${m.degraded.errors}+${m.recovery.errors}, ` +
    `back on primary +${f(m.recovery.firstPrimaryMs, 0)} ms (last other +${f(m.recovery.lastNotPrimaryMs, 0)} ms)`
  );
}
