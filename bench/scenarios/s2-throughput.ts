/**
 * S2, throughput frontier: closed-loop load at each concurrency step (wrk when installed, else
 * the Node closed-loop driver), arms interleaved per step; RPS, p99 and errors per step, CPU per
 * request of the process under test from /proc/<pid>/stat. The frontier is the highest RPS with
 * p99 <= the limit and no errors.
 */
import type { Arm, ArmName } from '../arms/arm.ts';
import { type LoadWindow, runClosedLoop } from '../drivers/closed-loop.ts';
import { createSequentialClient, runSequential } from '../drivers/sequential.ts';
import { runWrk, writeWrkScript } from '../drivers/wrk.ts';
import { chatRequest, type PreparedRequest } from '../payloads.ts';
import { type CpuUse, coreWindow, cpuWindow, foreignLoadWindow } from '../proc-stats.ts';
import { type DidNotServe, rotated, type ScenarioContext } from './context.ts';

export type S2Step = LoadWindow & {
  concurrency: number;
  cpu: CpuUse | undefined;
  /** Load on the gateway core from other processes during the window (0..1). */
  foreignLoad: number | undefined;
  /** How busy the load generator + mock core was (0..1): near 1, the driver is the limit. */
  loadCoreBusy: number | undefined;
};

export type S2ArmResult = {
  arm: ArmName;
  /** Whose CPU the steps report ("mock" for direct). */
  pidLabel: string;
  steps: S2Step[];
  /** The best step with p99 <= limit and 0 errors. */
  frontier: S2Step | undefined;
};

export type S2Result = {
  driver: string;
  windowS: number;
  stepWarmupS: number;
  p99LimitMs: number;
  arms: S2ArmResult[];
  didNotServe: DidNotServe[];
};

type ArmLoad = { arm: Arm; request: PreparedRequest; script: string | undefined; steps: S2Step[] };

export async function runS2(context: ScenarioContext): Promise<S2Result> {
  const settings = context.profile.s2;
  await context.mock.configure({ latencyMs: 0, jitterMs: 0, mode: 'healthy' });
  const result: S2Result = {
    driver:
      context.wrk !== undefined
        ? `${context.wrk}, 1 thread, pinned to core ${context.loadCpu}, Lua script for the POST body`
        : 'Node closed-loop driver (undici Pool): wrk is not installed (apt-get install wrk)',
    windowS: settings.windowS,
    stepWarmupS: settings.stepWarmupS,
    p99LimitMs: settings.p99LimitMs,
    arms: [],
    didNotServe: [],
  };

  const loads: ArmLoad[] = [];
  for (const arm of context.arms) {
    const request = chatRequest(arm, { stream: false, promptBytes: 0 });
    const probeClient = createSequentialClient(arm.origin);
    const probe = await runSequential(probeClient, request, 1, undefined);
    await probeClient.close();
    if (probe.errors > 0) {
      result.didNotServe.push({
        arm: arm.name,
        reason: `S2: ${probe.firstError ?? 'error'}`,
        evidence: arm.evidence(),
      });
      continue;
    }
    const script = context.wrk === undefined ? undefined : writeWrkScript(context.tempDir, arm.name, request);
    loads.push({ arm, request, script, steps: [] });
  }

  const window = (load: ArmLoad, concurrency: number, durationS: number): Promise<LoadWindow> =>
    load.script !== undefined
      ? runWrk({
          origin: load.arm.origin,
          path: load.request.path,
          script: load.script,
          concurrency,
          durationS,
          cpu: context.loadCpu,
        })
      : runClosedLoop({ origin: load.arm.origin, request: load.request, concurrency, durationMs: durationS * 1000 });

  const warmupS = Math.ceil(context.profile.warmupMs / 1000);
  context.log(`S2: warm-up ${warmupS} s per arm at concurrency 32 (${result.driver})`);
  for (const load of loads) await window(load, 32, warmupS);

  for (const [index, concurrency] of settings.concurrency.entries()) {
    for (const load of rotated(loads, index)) {
      if (!load.arm.isAlive()) continue;
      if (settings.stepWarmupS > 0) await window(load, concurrency, settings.stepWarmupS);
      const cpu = cpuWindow(load.arm.pid);
      const foreign = foreignLoadWindow(context.gatewayCpu, context.gatewayPids);
      const loadCore = coreWindow(context.loadCoreForStats);
      let measured: LoadWindow;
      try {
        measured = await window(load, concurrency, settings.windowS);
      } catch (error) {
        measured = {
          requests: 0,
          errors: 1,
          firstError: (error as Error).message,
          durationMs: settings.windowS * 1000,
          rps: 0,
          p50Ms: Number.NaN,
          p99Ms: Number.NaN,
          maxMs: Number.NaN,
        };
      }
      const step: S2Step = {
        ...measured,
        concurrency,
        cpu: cpu.end(measured.requests + measured.errors),
        foreignLoad: foreign.end(),
        loadCoreBusy: loadCore.end(),
      };
      load.steps.push(step);
      context.log(
        `S2: c=${concurrency} ${load.arm.name}: ${step.rps.toFixed(0)} rps, p99 ${step.p99Ms.toFixed(2)} ms, ` +
          `errors ${step.errors}, cpu ${step.cpu === undefined ? '-' : step.cpu.microsPerRequest.toFixed(0) + ' us/req'}`,
      );
    }
  }

  for (const load of loads) {
    const qualifying = load.steps.filter((step) => step.errors === 0 && step.p99Ms <= settings.p99LimitMs);
    const frontier = qualifying.reduce<S2Step | undefined>(
      (best, step) => (best === undefined || step.rps > best.rps ? step : best),
      undefined,
    );
    if (!load.arm.isAlive()) {
      result.didNotServe.push({
        arm: load.arm.name,
        reason: 'S2: the process exited under load',
        evidence: load.arm.evidence(),
      });
    }
    result.arms.push({ arm: load.arm.name, pidLabel: load.arm.pidLabel, steps: load.steps, frontier });
  }
  return result;
}
