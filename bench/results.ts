import type { ArmName } from './arms/arm.ts';
import type { Machine } from './environment.ts';
import type { MockSettings } from './mock-upstream.ts';
import type { Profile, ScenarioId } from './options.ts';
import type { Memory } from './proc-stats.ts';
import type { S1Result } from './scenarios/s1-added-latency.ts';
import type { S2Result } from './scenarios/s2-throughput.ts';
import type { S5Result } from './scenarios/s5-streams.ts';
import type { S6Result } from './scenarios/s6-concurrent-streams.ts';
import type { S7Result } from './scenarios/s7-failover.ts';

export type ArmRecord = {
  name: ArmName;
  served: boolean;
  version: string;
  command: string;
  /** Resident memory right after it answered its health check. */
  startupMemory: Memory | undefined;
  /** Why it is absent from the run, when it could not start. */
  unavailable: { reason: string; evidence: string } | undefined;
};

/** Everything one `npm run bench` measured; written to bench/results/<timestamp>.json. */
export type BenchResults = {
  startedAt: string;
  durationS: number;
  profile: Profile;
  scenarios: ScenarioId[];
  versions: Record<string, string>;
  machine: Machine;
  pinning: { gatewayCpu: number | undefined; loadCpu: number | undefined; note: string };
  mock: { origin: string; external: boolean; command: string; settings: MockSettings | undefined };
  arms: ArmRecord[];
  notes: string[];
  s1?: S1Result;
  s2?: S2Result;
  s5?: S5Result;
  s6?: S6Result;
  s7?: S7Result;
  /** A scenario that threw, with the message. */
  scenarioErrors: { scenario: ScenarioId; message: string }[];
};
