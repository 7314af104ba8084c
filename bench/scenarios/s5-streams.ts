/**
 * S5, streams: N chunks x M ms x B bytes from the mock; per arm, rounds of streams at a modest
 * concurrency, interleaved. TTFT (to the first content token) and the gaps between reads, each
 * per round (median of rounds with spread) and added over direct; every body hashed and compared
 * with direct's, byte for byte.
 */
import type { ArmName } from '../arms/arm.ts';
import { createStreamPool, runStreams, type StreamExpectation, type StreamOutcome } from '../drivers/streams.ts';
import { chatRequest } from '../payloads.ts';
import { foreignLoadWindow } from '../proc-stats.ts';
import { differences, Samples, type Spread, type Summary, spreadOf, summarize } from '../stats.ts';
import { type DidNotServe, rotated, type ScenarioContext } from './context.ts';

export type S5ArmResult = {
  arm: ArmName;
  streams: number;
  complete: number;
  stalled: number;
  /** Streams whose body hash equals direct's. */
  bytesIdentical: number;
  ttftP50: Spread;
  ttftP99: Spread;
  gapP99: Spread;
  addedTtftP50: Spread | undefined;
  addedTtftP99: Spread | undefined;
  addedGapP99: Spread | undefined;
  /** arm - null proxy, per round: what the arm adds over the Node floor. */
  featureCostTtftP50: Spread | undefined;
  featureCostTtftP99: Spread | undefined;
  featureCostGapP99: Spread | undefined;
  /** Translated arms: arm - its Outlast pass-through twin to the same mock endpoint, per round. */
  translationCostTtftP50?: Spread | undefined;
  translationCostTtftP99?: Spread | undefined;
  /** All rounds pooled. */
  ttft: Summary;
  firstByte: Summary;
  gap: Summary;
  firstError: string | undefined;
};

export type S5Result = {
  chunks: number;
  chunkIntervalMs: number;
  chunkBytes: number;
  rounds: number;
  streamsPerRound: number;
  concurrency: number;
  referenceHash: string | undefined;
  referenceBytes: number | undefined;
  arms: S5ArmResult[];
  /** Per measured round and arm: load on the gateway core from other processes (0..1). */
  foreignLoad: number[];
  didNotServe: DidNotServe[];
};

type RoundFigures = { ttftP50: number; ttftP99: number; gapP99: number };

export async function runS5(context: ScenarioContext): Promise<S5Result> {
  const settings = context.profile.s5;
  await context.mock.configure({
    latencyMs: 0,
    jitterMs: 0,
    mode: 'healthy',
    chunks: settings.chunks,
    chunkIntervalMs: settings.chunkIntervalMs,
    chunkBytes: settings.chunkBytes,
  });
  const expectation: StreamExpectation = { chunks: settings.chunks, terminator: '[DONE]' };
  const streamMs = settings.chunks * settings.chunkIntervalMs;
  const base = {
    expectation,
    stallGapMs: context.profile.s6.stallFactor * settings.chunkIntervalMs,
    deadlineMs: streamMs + 10_000,
    client: 'undici' as const,
  };
  const result: S5Result = {
    chunks: settings.chunks,
    chunkIntervalMs: settings.chunkIntervalMs,
    chunkBytes: settings.chunkBytes,
    rounds: settings.rounds,
    streamsPerRound: settings.streamsPerRound,
    concurrency: settings.concurrency,
    referenceHash: undefined,
    referenceBytes: undefined,
    arms: [],
    foreignLoad: [],
    didNotServe: [],
  };

  const serving = [];
  // Anthropic-format answers end with a message_stop event instead of [DONE].
  const anthropicExpectation: StreamExpectation = { chunks: settings.chunks, terminator: 'message_stop' };
  const expectationOf = (arm: { clientFormat?: string | undefined }) =>
    arm.clientFormat === 'anthropic' ? anthropicExpectation : expectation;
  const references = new Map<ArmName, string>();
  for (const arm of [...context.arms, ...context.translatedArms]) {
    const request = chatRequest(arm, { stream: true, promptBytes: 0 });
    const [probe] = await runStreams({
      ...base,
      expectation: expectationOf(arm),
      origin: arm.origin,
      request,
      count: 1,
      concurrency: 1,
      startSpacingMs: 0,
      gaps: new Samples(),
    });
    if (probe === undefined || !probe.complete) {
      result.didNotServe.push({
        arm: arm.name,
        reason: `S5: ${probe?.error ?? `stream incomplete (status ${probe?.status}, ${probe?.bytes} bytes)`}`,
        evidence: arm.evidence(),
      });
      continue;
    }
    if (arm.name === 'direct') {
      result.referenceHash = probe.hash;
      result.referenceBytes = probe.bytes;
    }
    if (arm.name === 'direct' || arm.name === 'direct-anthropic') references.set(arm.name, probe.hash);
    serving.push({ arm, request, pool: createStreamPool(arm.origin, settings.concurrency) });
  }

  const warmupStreams = settings.concurrency * Math.max(1, Math.ceil(context.profile.warmupMs / streamMs));
  context.log(`S5: warm-up ${warmupStreams} streams per arm`);
  for (const { arm, request, pool } of serving) {
    await runStreams({
      pool,
      ...base,
      expectation: expectationOf(arm),
      origin: arm.origin,
      request,
      count: warmupStreams,
      concurrency: settings.concurrency,
      startSpacingMs: settings.chunkIntervalMs / settings.concurrency,
      gaps: new Samples(),
    });
  }

  const rounds = new Map<ArmName, RoundFigures[]>();
  const outcomes = new Map<ArmName, StreamOutcome[]>();
  const gaps = new Map<ArmName, Samples>();
  for (const { arm } of serving) {
    rounds.set(arm.name, []);
    outcomes.set(arm.name, []);
    gaps.set(arm.name, new Samples());
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const { arm, request, pool } of rotated(serving, round)) {
      const roundGaps = new Samples();
      const foreign = foreignLoadWindow(context.gatewayCpu, context.gatewayPids);
      const roundOutcomes = await runStreams({
        ...base,
        expectation: expectationOf(arm),
        pool,
        origin: arm.origin,
        request,
        count: settings.streamsPerRound,
        concurrency: settings.concurrency,
        startSpacingMs: settings.chunkIntervalMs / settings.concurrency,
        gaps: roundGaps,
      });
      const load = foreign.end();
      if (load !== undefined) result.foreignLoad.push(load);
      outcomes.get(arm.name)!.push(...roundOutcomes);
      gaps.get(arm.name)!.pushAll(roundGaps.toArray());
      const ttft = summarize(roundOutcomes.filter((outcome) => outcome.complete).map((outcome) => outcome.ttftMs));
      const gap = summarize(roundGaps.toArray());
      rounds.get(arm.name)!.push({ ttftP50: ttft.p50, ttftP99: ttft.p99, gapP99: gap.p99 });
      context.log(
        `S5: round ${round + 1}/${settings.rounds} ${arm.name}: TTFT p50 ${ttft.p50.toFixed(3)} p99 ${ttft.p99.toFixed(3)}, ` +
          `gap p99 ${gap.p99.toFixed(3)} ms, complete ${roundOutcomes.filter((outcome) => outcome.complete).length}/${roundOutcomes.length}`,
      );
    }
  }

  for (const { pool } of serving) await pool.close();

  const column = (name: ArmName, key: keyof RoundFigures): number[] | undefined =>
    rounds.get(name)?.map((round) => round[key]);
  for (const { arm } of serving) {
    const name = arm.name;
    const all = outcomes.get(name)!;
    const baseline = arm.baseline ?? 'direct';
    const passThrough = arm.passThrough;
    const reference = references.get(baseline);
    const delta = (baseline: ArmName, key: keyof RoundFigures): Spread | undefined => {
      const other = column(baseline, key);
      return other === undefined || baseline === name ? undefined : spreadOf(differences(column(name, key)!, other));
    };
    const complete = all.filter((outcome) => outcome.complete);
    result.arms.push({
      arm: name,
      streams: all.length,
      complete: complete.length,
      stalled: all.filter((outcome) => outcome.stalled).length,
      bytesIdentical: all.filter((outcome) => outcome.hash === reference).length,
      ttftP50: spreadOf(column(name, 'ttftP50')!),
      ttftP99: spreadOf(column(name, 'ttftP99')!),
      gapP99: spreadOf(column(name, 'gapP99')!),
      addedTtftP50: delta(baseline, 'ttftP50'),
      addedTtftP99: delta(baseline, 'ttftP99'),
      addedGapP99: delta(baseline, 'gapP99'),
      featureCostTtftP50: name === 'direct' || baseline !== 'direct' ? undefined : delta('null-proxy', 'ttftP50'),
      featureCostTtftP99: name === 'direct' || baseline !== 'direct' ? undefined : delta('null-proxy', 'ttftP99'),
      featureCostGapP99: name === 'direct' || baseline !== 'direct' ? undefined : delta('null-proxy', 'gapP99'),
      translationCostTtftP50: passThrough === undefined ? undefined : delta(passThrough, 'ttftP50'),
      translationCostTtftP99: passThrough === undefined ? undefined : delta(passThrough, 'ttftP99'),
      ttft: summarize(complete.map((outcome) => outcome.ttftMs)),
      firstByte: summarize(complete.map((outcome) => outcome.firstByteMs)),
      gap: summarize(gaps.get(name)!.toArray()),
      firstError: all.find((outcome) => outcome.error !== undefined)?.error,
    });
  }
  return result;
}
