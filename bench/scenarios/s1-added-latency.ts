/**
 * S1, added latency: one request at a time over one keep-alive connection per arm, rounds of
 * `roundSize` requests per arm, interleaved; per repetition p50/p99 of each arm; the figure is
 * the median over repetitions with the spread. 0 ms mock; prompts of 'hello', 10 KB and 100 KB.
 */
import type { Arm, ArmName } from '../arms/arm.ts';
import { createSequentialClient, runSequential, type SequentialClient } from '../drivers/sequential.ts';
import { chatRequest, type PreparedRequest } from '../payloads.ts';
import { foreignLoadWindow } from '../proc-stats.ts';
import { differences, Samples, type Spread, spreadOf, summarize } from '../stats.ts';
import { type DidNotServe, rotated, type ScenarioContext } from './context.ts';

export type S1ArmResult = {
  arm: ArmName;
  /** Median over repetitions of the per-repetition p50 (ms), with the range. */
  p50: Spread;
  p99: Spread;
  /** arm - direct, per repetition, then median and range (ms). */
  addedP50: Spread | undefined;
  addedP99: Spread | undefined;
  /** arm - null proxy, per repetition (ms). */
  featureCostP50: Spread | undefined;
  featureCostP99: Spread | undefined;
  /** Translated arms: arm - its Outlast pass-through twin to the same mock endpoint, per repetition (ms). */
  translationCostP50?: Spread | undefined;
  translationCostP99?: Spread | undefined;
  requests: number;
  errors: number;
  firstError: string | undefined;
  perRepetition: { p50: number; p99: number; count: number }[];
};

export type S1Block = {
  promptBytes: number;
  warmupMs: number;
  arms: S1ArmResult[];
  /** Per repetition: load on the gateway core from other processes (0..1). */
  foreignLoad: number[];
};

export type S1Result = {
  repetitions: number;
  roundsPerRepetition: number;
  roundSize: number;
  blocks: S1Block[];
  didNotServe: DidNotServe[];
};

type ArmState = {
  arm: Arm;
  client: SequentialClient;
  request: PreparedRequest;
  errors: number;
  firstError: string | undefined;
  busyMs: number;
};

export async function runS1(context: ScenarioContext): Promise<S1Result> {
  const settings = context.profile.s1;
  await context.mock.configure({ latencyMs: 0, jitterMs: 0, mode: 'healthy' });
  const result: S1Result = {
    repetitions: settings.repetitions,
    roundsPerRepetition: settings.roundsPerRepetition,
    roundSize: settings.roundSize,
    blocks: [],
    didNotServe: [],
  };
  let first = true;
  for (const promptBytes of settings.promptBytes) {
    const warmupMs = first ? context.profile.warmupMs : context.profile.rewarmMs;
    first = false;
    context.log(`S1: prompt ${promptBytes} B, warm-up ${warmupMs} ms per arm`);
    const states: ArmState[] = [];
    for (const arm of [...context.arms, ...context.translatedArms]) {
      const client = createSequentialClient(arm.origin);
      const request = chatRequest(arm, { stream: false, promptBytes });
      const probe = await runSequential(client, request, 1, undefined);
      if (probe.errors > 0) {
        result.didNotServe.push({
          arm: arm.name,
          reason: `S1 (${promptBytes} B prompt): ${probe.firstError ?? 'error'}`,
          evidence: arm.evidence(),
        });
        await client.close();
        continue;
      }
      states.push({ arm, client, request, errors: 0, firstError: undefined, busyMs: 0 });
    }

    // Warm-up: interleaved rounds until every arm has had warmupMs of its own traffic.
    for (let round = 0; states.some((state) => state.busyMs < warmupMs); round++) {
      for (const state of rotated(states, round)) {
        if (state.busyMs >= warmupMs) continue;
        const outcome = await runSequential(state.client, state.request, settings.roundSize, undefined);
        state.busyMs += outcome.elapsedMs;
      }
    }

    const perArm = new Map<ArmName, { p50: number; p99: number; count: number }[]>();
    for (const state of states) perArm.set(state.arm.name, []);
    const foreignLoad: number[] = [];
    for (let repetition = 0; repetition < settings.repetitions; repetition++) {
      const foreign = foreignLoadWindow(context.gatewayCpu, context.gatewayPids);
      const samples = new Map<ArmName, Samples>();
      for (const state of states) samples.set(state.arm.name, new Samples());
      for (let round = 0; round < settings.roundsPerRepetition; round++) {
        for (const state of rotated(states, round + repetition)) {
          const outcome = await runSequential(
            state.client,
            state.request,
            settings.roundSize,
            samples.get(state.arm.name),
          );
          state.errors += outcome.errors;
          state.firstError ??= outcome.firstError;
        }
      }
      const load = foreign.end();
      if (load !== undefined) foreignLoad.push(load);
      for (const state of states) {
        const summary = summarize(samples.get(state.arm.name)!.toArray());
        perArm.get(state.arm.name)!.push({ p50: summary.p50, p99: summary.p99, count: summary.count });
      }
      context.log(
        `S1: prompt ${promptBytes} B, repetition ${repetition + 1}/${settings.repetitions}: ` +
          states
            .map((state) => {
              const last = perArm.get(state.arm.name)!.at(-1)!;
              return `${state.arm.name} p50 ${last.p50.toFixed(3)} p99 ${last.p99.toFixed(3)}`;
            })
            .join(', '),
      );
    }
    for (const state of states) await state.client.close();

    const column = (name: ArmName, key: 'p50' | 'p99'): number[] | undefined =>
      perArm.get(name)?.map((repetition) => repetition[key]);
    const block: S1Block = { promptBytes, warmupMs, arms: [], foreignLoad };
    for (const state of states) {
      const name = state.arm.name;
      const reps = perArm.get(name)!;
      const baseline = state.arm.baseline ?? 'direct';
      const passThrough = state.arm.passThrough;
      const delta = (base: ArmName, key: 'p50' | 'p99'): Spread | undefined => {
        const baseline = column(base, key);
        if (baseline === undefined || name === base) return undefined;
        return spreadOf(differences(column(name, key)!, baseline));
      };
      block.arms.push({
        arm: name,
        p50: spreadOf(column(name, 'p50')!),
        p99: spreadOf(column(name, 'p99')!),
        addedP50: delta(baseline, 'p50'),
        addedP99: delta(baseline, 'p99'),
        featureCostP50: name === 'direct' || baseline !== 'direct' ? undefined : delta('null-proxy', 'p50'),
        featureCostP99: name === 'direct' || baseline !== 'direct' ? undefined : delta('null-proxy', 'p99'),
        translationCostP50: passThrough === undefined ? undefined : delta(passThrough, 'p50'),
        translationCostP99: passThrough === undefined ? undefined : delta(passThrough, 'p99'),
        requests: reps.reduce((sum, repetition) => sum + repetition.count, 0),
        errors: state.errors,
        firstError: state.firstError,
        perRepetition: reps,
      });
    }
    result.blocks.push(block);
  }
  return result;
}
