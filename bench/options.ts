/** Command line and the two run profiles (full and --quick). */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['S1', 'S2', 'S5', 'S6', 'S7'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
/** What runs without --scenarios: S7 (failover timing, about 7 minutes more) is asked for by name. */
export const DEFAULT_SCENARIOS: readonly ScenarioId[] = ['S1', 'S2', 'S5', 'S6'];

export type Profile = {
  name: 'full' | 'quick';
  /** Warm-up before the first window of a scenario, per arm. */
  warmupMs: number;
  /** Warm-up before each later window (the processes are hot by then), per arm. */
  rewarmMs: number;
  s1: {
    promptBytes: number[];
    repetitions: number;
    roundsPerRepetition: number;
    roundSize: number;
  };
  s2: {
    concurrency: number[];
    windowS: number;
    stepWarmupS: number;
    p99LimitMs: number;
  };
  s5: {
    chunks: number;
    chunkIntervalMs: number;
    chunkBytes: number;
    rounds: number;
    streamsPerRound: number;
    concurrency: number;
  };
  s6: {
    levels: number[];
    rampMs: number;
    /** A read gap above stallFactor x cadence is a stall. */
    stallFactor: number;
  };
  s7: {
    /** Fixed rate of the open-loop driver for JSON requests, and for the mid-stream mode's streams. */
    ratePerS: number;
    streamRatePerS: number;
    /** Phases of each run: warm-up (not measured), healthy, primary failed, primary healed. */
    warmupS: number;
    healthyS: number;
    failedS: number;
    healedS: number;
    /** Stream shape of the mid-stream mode (the primary resets after 2 chunks). */
    streamChunks: number;
    streamChunkIntervalMs: number;
    /** Outlast's breaker open time (`defaults.breaker.base_open_ms`) and the route's timeouts. */
    baseOpenMs: number;
    headersMs: number;
    firstTokenMs: number;
    /** Client side: per-request timeout and most requests in flight. */
    clientTimeoutMs: number;
    maxInFlight: number;
    /** The steady degraded window starts this long after the flip. */
    steadyAfterMs: number;
    /** Timeline bin width, ms. */
    binMs: number;
  };
};

// 300 requests/s: Portkey spends about 1.5 ms of CPU per request with a fallback config in its header (about 45% of
// its core healthy, 60% while failing over, measured here); at 500/s it runs at 85% and its tail is its own backlog.
const S7_SHARED = {
  ratePerS: 300,
  streamRatePerS: 100,
  streamChunks: 10,
  streamChunkIntervalMs: 20,
  baseOpenMs: 2000,
  headersMs: 1000,
  firstTokenMs: 1000,
  clientTimeoutMs: 10_000,
  maxInFlight: 2048,
  steadyAfterMs: 2000,
  binMs: 250,
};

export const FULL: Profile = {
  name: 'full',
  warmupMs: 3000,
  rewarmMs: 3000,
  s1: { promptBytes: [0, 10 * 1024, 100 * 1024], repetitions: 5, roundsPerRepetition: 40, roundSize: 25 },
  s2: { concurrency: [1, 2, 4, 8, 16, 32, 64, 128, 256], windowS: 5, stepWarmupS: 1, p99LimitMs: 10 },
  s5: { chunks: 64, chunkIntervalMs: 20, chunkBytes: 16, rounds: 4, streamsPerRound: 64, concurrency: 16 },
  s6: { levels: [128, 256, 512, 1000, 1500], rampMs: 500, stallFactor: 5 },
  s7: { ...S7_SHARED, warmupS: 2, healthyS: 5, failedS: 15, healedS: 12 },
};

export const QUICK: Profile = {
  name: 'quick',
  warmupMs: 3000,
  rewarmMs: 1000,
  s1: { promptBytes: [0, 10 * 1024, 100 * 1024], repetitions: 3, roundsPerRepetition: 20, roundSize: 25 },
  s2: { concurrency: [1, 8, 32, 128, 256], windowS: 2, stepWarmupS: 1, p99LimitMs: 10 },
  s5: { chunks: 64, chunkIntervalMs: 20, chunkBytes: 16, rounds: 2, streamsPerRound: 32, concurrency: 16 },
  s6: { levels: [128, 256, 512, 1000], rampMs: 500, stallFactor: 5 },
  s7: { ...S7_SHARED, warmupS: 1, healthyS: 3, failedS: 6, healedS: 8 },
};

export type RunOptions = {
  scenarios: ScenarioId[];
  withPortkey: boolean;
  /** Skip the outlast arm even when src/cli/main.ts exists. */
  withoutOutlast: boolean;
  profile: Profile;
  /** Markdown file whose generated section is rewritten. */
  out: string;
  /** Use an already running mock (e.g. `outlast sim`) instead of starting bench/mock-upstream.ts. */
  mockUrl: string | undefined;
  gatewayCpu: number;
  loadCpu: number;
  /** Extra NODE_OPTIONS for every Node arm under test (null proxy, Outlast, Portkey). */
  armNodeOptions: string | undefined;
  /** Re-render the report from a results JSON instead of running anything. */
  fromJson: string | undefined;
  /** S7 failure modes to run (default all). */
  s7Modes: string[] | undefined;
};

export const USAGE = `usage: node bench/run.ts [--scenarios S1,S2,S5,S6,S7] [--with-portkey] [--without-outlast]
                         [--quick] [--out docs/benchmarks.md] [--mock-url http://127.0.0.1:<port>]
                         [--gateway-cpu 0] [--load-cpu 1] [--arm-node-options '--max-semi-space-size=8']
                         [--s7-modes 5xx,429,refused,hang,mid-stream]
       node bench/run.ts --from-json bench/results/<a>.json[,<b>.json] [--out docs/benchmarks.md]
Without --scenarios: S1,S2,S5,S6 (S7, failover timing, is asked for by name). --from-json with several files
renders each run's scenarios, a scenario from a later file replacing the same one from an earlier file.`;

export function parseRunOptions(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenarios: { type: 'string' },
      'with-portkey': { type: 'boolean', default: false },
      'without-outlast': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'mock-url': { type: 'string' },
      'gateway-cpu': { type: 'string', default: '0' },
      'load-cpu': { type: 'string', default: '1' },
      'arm-node-options': { type: 'string' },
      'from-json': { type: 'string' },
      's7-modes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const requested = (values.scenarios ?? DEFAULT_SCENARIOS.join(','))
    .split(',')
    .map((id) => id.trim().toUpperCase())
    .filter((id) => id.length > 0);
  const unknown = requested.filter((id) => !(SCENARIOS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  return {
    scenarios: SCENARIOS.filter((id) => requested.includes(id)),
    withPortkey: values['with-portkey'],
    withoutOutlast: values['without-outlast'],
    profile: values.quick ? QUICK : FULL,
    out: values.out,
    mockUrl: values['mock-url'],
    gatewayCpu: Number(values['gateway-cpu']),
    loadCpu: Number(values['load-cpu']),
    armNodeOptions: values['arm-node-options'],
    fromJson: values['from-json'],
    s7Modes: values['s7-modes']?.split(',').map((mode) => mode.trim()),
  };
}
