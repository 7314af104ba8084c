import type { Arm, ArmName } from '../arms/arm.ts';
import type { MockSettings } from '../mock-upstream.ts';
import type { Profile } from '../options.ts';

/** What every scenario gets from the orchestrator. */
export type ScenarioContext = {
  /** The arms that are up, direct first, then null-proxy, then the gateways. */
  arms: Arm[];
  /** S1 and S5 only: views of the direct and Outlast arms with Anthropic clients and translated routes. */
  translatedArms: Arm[];
  profile: Profile;
  mock: {
    origin: string;
    port: number;
    pid: number | undefined;
    /** Applies a settings patch to the mock (POST /__control). */
    configure(patch: Partial<MockSettings>): Promise<void>;
  };
  /** Scratch folder for generated files (wrk scripts). */
  tempDir: string;
  /** wrk's version line, or undefined when the Node closed-loop driver stands in. */
  wrk: string | undefined;
  loadCpu: number;
  /** The load core when pinning is on, for its busy fraction; undefined when nothing is pinned. */
  loadCoreForStats: number | undefined;
  /** The core the proxies and gateways are pinned to; undefined when nothing is pinned. */
  gatewayCpu: number | undefined;
  /** Pids pinned to the gateway core (to tell their load from other work there). */
  gatewayPids: number[];
  /** The repository (S7 starts its own Outlast processes from it). */
  repoRoot: string;
  /** The environment every arm under test runs with (NODE_ENV, extra NODE_OPTIONS). */
  armEnv: NodeJS.ProcessEnv;
  /** S7 failure modes to run; undefined for all. */
  s7Modes: string[] | undefined;
  /**
   * Stops an arm under test and starts it again as a fresh process (updating `arms` and `gatewayPids`); undefined
   * when it does not come back.
   */
  restartArm(name: ArmName): Promise<Arm | undefined>;
  log(line: string): void;
};

/** An arm that failed a scenario: reported as "did not serve", with what it answered. */
export type DidNotServe = { arm: ArmName; reason: string; evidence: string };

/** Round-robin order that starts one arm later every round, so no arm always goes first. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
