/**
 * `npm run bench`: starts the mock and the arms (direct, null proxy, outlast, and Portkey with
 * --with-portkey), runs the scenarios with the arms interleaved, writes raw JSON to
 * bench/results/<timestamp>.json and the tables into docs/benchmarks.md between the markers.
 *
 *   node bench/run.ts [--scenarios S1,S2,S5,S6,S7] [--with-portkey] [--quick] [--out docs/benchmarks.md]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Arm, ArmUnavailableError, armEnvironment } from './arms/arm.ts';
import { createDirectArm } from './arms/direct.ts';
import { startNullProxyArm } from './arms/null-proxy.ts';
import { outlastRevision, startOutlastArm } from './arms/outlast.ts';
import { startPortkeyArm } from './arms/portkey.ts';
import { createTranslatedArms } from './arms/translated.ts';
import { detectWrk } from './drivers/wrk.ts';
import { describeMachine, packageVersion, pinSelf } from './environment.ts';
import type { MockSettings } from './mock-upstream.ts';
import { getJson, postJson } from './net.ts';
import { parseRunOptions, type RunOptions } from './options.ts';
import { PORTKEY_OVERRIDES, PORTKEY_VERSION } from './portkey.ts';
import { memory } from './proc-stats.ts';
import { installCleanupHooks, makeTempDir, removeTempDir, spawnManaged } from './processes.ts';
import { writeReport } from './report.ts';
import type { ArmRecord, BenchResults } from './results.ts';
import type { ScenarioContext } from './scenarios/context.ts';
import { runS1 } from './scenarios/s1-added-latency.ts';
import { runS2 } from './scenarios/s2-throughput.ts';
import { runS5 } from './scenarios/s5-streams.ts';
import { largestCleanLevel, runS6 } from './scenarios/s6-concurrent-streams.ts';
import { runS7 } from './scenarios/s7-failover.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MOCK_SCRIPT = join(REPO_ROOT, 'bench/mock-upstream.ts');

function log(line: string): void {
  const seconds = ((performance.now() - began) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds}s] ${line}`);
}
const began = performance.now();

async function main(): Promise<void> {
  const options = parseRunOptions(process.argv.slice(2));
  if (options.fromJson !== undefined) {
    const runs = options.fromJson.split(',').map((path) => {
      const results = JSON.parse(readFileSync(resolve(path.trim()), 'utf8')) as BenchResults;
      for (const arm of results.s6?.arms ?? []) arm.maxWithoutStall = largestCleanLevel(arm.levels);
      return results;
    });
    const outPath = resolve(REPO_ROOT, options.out);
    writeReport(outPath, runs);
    log(`report for ${options.fromJson} written to ${outPath}`);
    return;
  }
  installCleanupHooks();
  const startedAt = new Date();
  const machine = describeMachine();
  const notes: string[] = [];

  const canPin = machine.nproc >= 2;
  const gatewayCpu = canPin ? options.gatewayCpu : undefined;
  const loadCpu = canPin ? options.loadCpu : undefined;
  if (!canPin) notes.push(`Only ${machine.nproc} CPU: nothing was pinned; gateway, mock and load share it.`);
  else if (!pinSelf(options.loadCpu))
    notes.push('taskset failed for the harness itself: the load generator is not pinned.');

  const wrk = detectWrk();
  if (wrk === undefined) {
    notes.push('wrk is not installed: S2 used the Node closed-loop driver (apt-get install wrk for the wrk arm).');
    log('wrk not found: S2 falls back to the Node closed-loop driver');
  }

  const tempDir = makeTempDir('outlast-bench-');
  const mock = await startMock(options, tempDir, loadCpu);
  log(`mock at ${mock.origin}${mock.pid === undefined ? ' (external)' : ` pid ${mock.pid}`}`);

  const env = armEnvironment(options.armNodeOptions);
  if (options.armNodeOptions !== undefined)
    notes.push(`Arms under test ran with NODE_OPTIONS=${options.armNodeOptions}.`);
  const arms: Arm[] = [createDirectArm({ mockOrigin: mock.origin, mockPid: mock.pid })];
  const records: ArmRecord[] = [];
  const starters = new Map<Arm['name'], () => Promise<Arm>>();
  const tryArm = async (name: Arm['name'], start: () => Promise<Arm>): Promise<void> => {
    try {
      const arm = await start();
      arms.push(arm);
      starters.set(name, start);
      log(`${name} up at ${arm.origin} (pid ${arm.pid})`);
    } catch (error) {
      const unavailable =
        error instanceof ArmUnavailableError
          ? { reason: error.message, evidence: error.evidence }
          : { reason: (error as Error).message, evidence: (error as Error).stack ?? '' };
      records.push({ name, served: false, version: '', command: '', startupMemory: undefined, unavailable });
      log(`${name} did not start: ${unavailable.reason}`);
    }
  };
  // S7 starts its own Outlast per run, with its failover config, and uses neither the null proxy nor the shared mock.
  const onlyS7 = options.scenarios.every((scenario) => scenario === 'S7');
  if (onlyS7) notes.push('Only S7 ran: the null proxy and the default Outlast arm were not started.');
  if (!onlyS7)
    await tryArm('null-proxy', () =>
      startNullProxyArm({ mockOrigin: mock.origin, cpu: gatewayCpu, env, logDir: tempDir }),
    );
  if (!options.withoutOutlast && !onlyS7) {
    const outlastDir = join(tempDir, 'outlast');
    mkdirSync(outlastDir);
    await tryArm('outlast', () =>
      startOutlastArm({ repoRoot: REPO_ROOT, mockPort: mock.port, cpu: gatewayCpu, env, tempDir: outlastDir }),
    );
  }
  if (options.withPortkey) {
    const portkeyDir = makeTempDir('outlast-bench-portkey-');
    await tryArm('portkey', () =>
      startPortkeyArm({ mockPort: mock.port, cpu: gatewayCpu, env, tempDir: portkeyDir, log }),
    );
  }
  for (const arm of arms) {
    records.push({
      name: arm.name,
      served: true,
      version: arm.version,
      command: arm.command,
      startupMemory: arm.pid === undefined ? undefined : memory(arm.pid),
      unavailable: undefined,
    });
  }

  const translatedArms = (): Arm[] => {
    const direct = arms.find((arm) => arm.name === 'direct');
    const outlast = arms.find((arm) => arm.name === 'outlast');
    return direct === undefined || outlast === undefined ? [] : createTranslatedArms(direct, outlast);
  };
  const context: ScenarioContext = {
    arms,
    translatedArms: translatedArms(),
    profile: options.profile,
    mock,
    tempDir,
    wrk,
    loadCpu: loadCpu ?? 0,
    loadCoreForStats: loadCpu,
    gatewayCpu,
    gatewayPids: gatewayPids(arms),
    repoRoot: REPO_ROOT,
    armEnv: env,
    s7Modes: options.s7Modes,
    async restartArm(name) {
      const index = arms.findIndex((arm) => arm.name === name);
      const start = starters.get(name);
      if (index === -1 || start === undefined) return undefined;
      await arms[index]!.stop();
      try {
        arms[index] = await start();
      } catch (error) {
        arms.splice(index, 1);
        notes.push(`${name} did not restart: ${(error as Error).message}`);
        context.gatewayPids = gatewayPids(arms);
        return undefined;
      }
      context.gatewayPids = gatewayPids(arms);
      context.translatedArms = translatedArms();
      return arms[index];
    },
    log,
  };
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    durationS: 0,
    profile: options.profile,
    scenarios: options.scenarios,
    versions: {
      node: process.version,
      undici: packageVersion(REPO_ROOT, 'undici'),
      outlast: outlastRevision(REPO_ROOT),
      wrk: wrk ?? 'not installed',
      ...(options.withPortkey
        ? {
            portkey: `@portkey-ai/gateway@${PORTKEY_VERSION} (overrides ${Object.entries(PORTKEY_OVERRIDES)
              .map(([name, version]) => `${name}@${version}`)
              .join(', ')})`,
          }
        : {}),
    },
    machine,
    pinning: {
      gatewayCpu,
      loadCpu,
      note: canPin
        ? `proxies and gateways on core ${gatewayCpu} (taskset -c ${gatewayCpu}); mock, load generator and harness on core ${loadCpu}`
        : 'not pinned',
    },
    mock: {
      origin: mock.origin,
      external: mock.pid === undefined,
      command: mock.command,
      settings: undefined,
    },
    arms: records,
    notes,
    scenarioErrors: [],
  };

  for (const [index, scenario] of options.scenarios.entries()) {
    if (scenario === 'S6' && index > 0) {
      // Memory is judged on processes that served only S6: earlier load grows V8's heap spaces.
      log('S6: restarting the arms under test so RSS is measured from fresh processes');
      await restartArms(arms, starters, notes);
      context.gatewayPids = gatewayPids(arms);
    }
    log(`${scenario}: start (${arms.map((arm) => arm.name).join(', ')})`);
    try {
      if (scenario === 'S1') results.s1 = await runS1(context);
      if (scenario === 'S2') results.s2 = await runS2(context);
      if (scenario === 'S5') results.s5 = await runS5(context);
      if (scenario === 'S6') results.s6 = await runS6(context);
      if (scenario === 'S7') results.s7 = await runS7(context);
    } catch (error) {
      results.scenarioErrors.push({ scenario, message: (error as Error).stack ?? String(error) });
      log(`${scenario}: failed: ${(error as Error).message}`);
    }
  }

  try {
    results.mock.settings = ((await getJson(mock.origin + '/__stats')) as { settings: MockSettings }).settings;
  } catch {
    // An external mock without /__stats.
  }
  for (const arm of arms) {
    if (arm.name !== 'direct' && !arm.isAlive()) notes.push(`${arm.name} exited during the run:\n${arm.evidence()}`);
    await arm.stop();
  }
  await mock.stop();
  results.durationS = Math.round((performance.now() - began) / 100) / 10;

  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const jsonPath = join(REPO_ROOT, 'bench/results', `${stamp}.json`);
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  const outPath = resolve(REPO_ROOT, options.out);
  writeReport(outPath, [results]);
  removeTempDir(tempDir);
  log(`done in ${results.durationS} s: ${jsonPath}, ${outPath}`);
}

function gatewayPids(arms: Arm[]): number[] {
  return arms.filter((arm) => arm.name !== 'direct' && arm.pid !== undefined).map((arm) => arm.pid!);
}

/** Stops and starts again every arm but direct; an arm that fails to come back is dropped, with a note. */
async function restartArms(
  arms: Arm[],
  starters: Map<Arm['name'], () => Promise<Arm>>,
  notes: string[],
): Promise<void> {
  for (let i = arms.length - 1; i >= 0; i--) {
    const arm = arms[i]!;
    const start = starters.get(arm.name);
    if (arm.name === 'direct' || start === undefined) continue;
    await arm.stop();
    try {
      arms[i] = await start();
    } catch (error) {
      arms.splice(i, 1);
      notes.push(`${arm.name} did not restart before S6: ${(error as Error).message}`);
    }
  }
}

type MockHandle = ScenarioContext['mock'] & { command: string; stop(): Promise<void> };

async function startMock(options: RunOptions, tempDir: string, cpu: number | undefined): Promise<MockHandle> {
  if (options.mockUrl !== undefined) {
    const origin = options.mockUrl.replace(/\/$/, '');
    let warned = false;
    return {
      origin,
      port: Number(new URL(origin).port),
      pid: undefined,
      command: `external: ${origin}`,
      async configure(patch: Partial<MockSettings>): Promise<void> {
        try {
          await postJson(origin + '/__control', patch);
        } catch (error) {
          if (!warned) log(`external mock has no /__control (${(error as Error).message}); its own settings apply`);
          warned = true;
        }
      },
      stop: async () => {},
    };
  }
  const child = spawnManaged({
    name: 'mock',
    command: process.execPath,
    args: [MOCK_SCRIPT, '--port', '0'],
    cpu,
    logDir: tempDir,
  });
  const port = await child.waitForListening(15_000);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    pid: child.pid,
    command: `${cpu === undefined ? '' : `taskset -c ${cpu} `}node bench/mock-upstream.ts --port 0`,
    async configure(patch: Partial<MockSettings>): Promise<void> {
      await postJson(origin + '/__control', patch);
    },
    stop: () => child.stop(),
  };
}

await main();
