/**
 * S6, concurrent streams: levels of N streams opened over a ramp, each N chunks x M ms; a stream
 * stalls when a read gap exceeds stallFactor x cadence, and fails when it does not complete.
 * VmRSS of the process under test is sampled during each level; idle RSS before the first level.
 */
import type { ArmName } from '../arms/arm.ts';
import { runStreams, type StreamExpectation } from '../drivers/streams.ts';
import { chatRequest } from '../payloads.ts';
import { coreWindow, foreignLoadWindow, type Memory, memory, startRssSampler } from '../proc-stats.ts';
import { sleep } from '../processes.ts';
import { Samples, summarize } from '../stats.ts';
import { type DidNotServe, rotated, type ScenarioContext } from './context.ts';

export type S6Level = {
  streams: number;
  complete: number;
  /** Streams with a read gap above the stall threshold. */
  stalled: number;
  /** Streams that failed or did not finish before the deadline. */
  incomplete: number;
  maxGapMs: number;
  gapP99Ms: number;
  ttftP99Ms: number;
  /** Highest VmRSS sampled during the level, MB. */
  rssPeakMb: number | undefined;
  noStall: boolean;
  firstError: string | undefined;
  /** Load on the gateway core from other processes during the level (0..1). */
  foreignLoad: number | undefined;
  /** How busy the mock + load generator core was during the level (0..1). */
  loadCoreBusy: number | undefined;
};

export type S6ArmResult = {
  arm: ArmName;
  pidLabel: string;
  /** Before the first level, after a quiet second. */
  idle: Memory | undefined;
  levels: S6Level[];
  /** The largest level reached with every stream complete and no stall at it or any level below. */
  maxWithoutStall: number | undefined;
  /** VmHWM after the last level, MB. */
  hwmMb: number | undefined;
};

export type S6Result = {
  chunks: number;
  chunkIntervalMs: number;
  chunkBytes: number;
  rampMs: number;
  stallGapMs: number;
  arms: S6ArmResult[];
  /**
   * Levels at which direct itself stalled. Not proof that the proxy arms are harness-limited:
   * in the direct arm the load core also does the kernel's loopback receive work for the
   * client, which a proxy arm moves to the gateway core.
   */
  harnessLimitedLevels: number[];
  /** Levels at which the load core was >= 90% busy during some arm's run. */
  saturatedLoadCoreLevels: number[];
  didNotServe: DidNotServe[];
};

/** The largest level such that it and every level below it ran without a stall. */
export function largestCleanLevel(levels: readonly S6Level[]): number | undefined {
  let clean: number | undefined;
  for (const level of [...levels].sort((a, b) => a.streams - b.streams)) {
    if (!level.noStall) break;
    clean = level.streams;
  }
  return clean;
}

export async function runS6(context: ScenarioContext): Promise<S6Result> {
  const settings = context.profile.s6;
  const stream = context.profile.s5;
  await context.mock.configure({
    latencyMs: 0,
    jitterMs: 0,
    mode: 'healthy',
    chunks: stream.chunks,
    chunkIntervalMs: stream.chunkIntervalMs,
    chunkBytes: stream.chunkBytes,
  });
  const expectation: StreamExpectation = { chunks: stream.chunks, terminator: '[DONE]' };
  const stallGapMs = settings.stallFactor * stream.chunkIntervalMs;
  const deadlineMs = stream.chunks * stream.chunkIntervalMs + settings.rampMs + 15_000;
  const result: S6Result = {
    chunks: stream.chunks,
    chunkIntervalMs: stream.chunkIntervalMs,
    chunkBytes: stream.chunkBytes,
    rampMs: settings.rampMs,
    stallGapMs,
    arms: [],
    harnessLimitedLevels: [],
    saturatedLoadCoreLevels: [],
    didNotServe: [],
  };

  await sleep(1000);
  const states = context.arms.map((arm) => ({
    arm,
    request: chatRequest(arm, { stream: true, promptBytes: 0 }),
    result: {
      arm: arm.name,
      pidLabel: arm.pidLabel,
      idle: arm.pid === undefined ? undefined : memory(arm.pid),
      levels: [],
      maxWithoutStall: undefined,
      hwmMb: undefined,
    } as S6ArmResult,
    failed: false,
  }));

  for (const [index, streams] of settings.levels.entries()) {
    for (const state of rotated(states, index)) {
      if (state.failed || !state.arm.isAlive()) continue;
      const sampler = state.arm.pid === undefined ? undefined : startRssSampler(state.arm.pid);
      const gaps = new Samples();
      const foreign = foreignLoadWindow(context.gatewayCpu, context.gatewayPids);
      const loadCore = coreWindow(context.loadCoreForStats);
      const outcomes = await runStreams({
        origin: state.arm.origin,
        request: state.request,
        count: streams,
        concurrency: streams,
        startSpacingMs: settings.rampMs / streams,
        expectation,
        stallGapMs,
        deadlineMs,
        gaps,
        client: 'raw',
      });
      const rssPeakMb = sampler?.stop();
      const complete = outcomes.filter((outcome) => outcome.complete);
      const level: S6Level = {
        streams,
        complete: complete.length,
        stalled: outcomes.filter((outcome) => outcome.stalled).length,
        incomplete: outcomes.length - complete.length,
        maxGapMs: outcomes.reduce((max, outcome) => Math.max(max, outcome.maxGapMs), 0),
        gapP99Ms: summarize(gaps.toArray()).p99,
        ttftP99Ms: summarize(complete.map((outcome) => outcome.ttftMs)).p99,
        rssPeakMb,
        noStall: false,
        firstError: outcomes.find((outcome) => outcome.error !== undefined)?.error,
        foreignLoad: foreign.end(),
        loadCoreBusy: loadCore.end(),
      };
      level.noStall = level.complete === streams && level.stalled === 0;
      state.result.levels.push(level);
      state.result.maxWithoutStall = largestCleanLevel(state.result.levels);
      if (level.complete === 0) {
        state.failed = true;
        result.didNotServe.push({
          arm: state.arm.name,
          reason: `S6 at ${streams} streams: ${level.firstError ?? 'no stream completed'}`,
          evidence: state.arm.evidence(),
        });
      }
      if (state.arm.name === 'direct' && !level.noStall) result.harnessLimitedLevels.push(streams);
      if ((level.loadCoreBusy ?? 0) >= 0.9 && !result.saturatedLoadCoreLevels.includes(streams)) {
        result.saturatedLoadCoreLevels.push(streams);
      }
      context.log(
        `S6: ${streams} streams ${state.arm.name}: complete ${level.complete}, stalled ${level.stalled}, ` +
          `max gap ${level.maxGapMs.toFixed(1)} ms, gap p99 ${level.gapP99Ms.toFixed(2)} ms, ` +
          `RSS peak ${rssPeakMb === undefined ? '-' : rssPeakMb.toFixed(1) + ' MB'}, ` +
          `load core ${level.loadCoreBusy === undefined ? '-' : Math.round(level.loadCoreBusy * 100) + '%'}`,
      );
      await sleep(300);
    }
  }
  for (const state of states) {
    if (state.arm.pid !== undefined) state.result.hwmMb = memory(state.arm.pid)?.hwmMb;
    result.arms.push(state.result);
  }
  return result;
}
