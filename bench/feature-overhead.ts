/**
 * `npm run bench:features`: what the always-on features cost the hot path, measured side by side in one run.
 * Variants of the real gateway (one process each, pinned to the gateway core, the mock and wrk on the other core):
 *   lean        monitoring, audit and metrics off, no client keys (the core alone)
 *   monitoring  the monitor on (passive health windows, probes, history), nothing else
 *   access      client keys enforced (one key, every request carries it) and the audit trail on
 *   everything  every feature on (monitoring, keys, audit, metrics)
 *   dashboard   everything, and a dashboard open: an SSE client on /admin/api/events and /admin/api/health,
 *               /admin/api/history and /admin/api/incidents polled every 2 s (compared with `everything`)
 * Rounds interleave the variants; each window is a closed loop at fixed concurrency (wrk). Reported per variant:
 * median RPS, p99 and CPU per request of the gateway process, and the overhead against `lean` (CPU per request,
 * the figure least disturbed by a noisy machine). Results go to bench/results/features-<time>.json and to
 * docs/benchmarks.md between the `features` markers.
 *
 *   node bench/feature-overhead.ts [--rounds 5] [--window 5] [--concurrency 32] [--quick]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { armEnvironment } from './arms/arm.ts';
import { outlastRevision, startOutlastArm } from './arms/outlast.ts';
import { detectWrk, runWrk, writeWrkScript } from './drivers/wrk.ts';
import type { PreparedRequest } from './payloads.ts';
import { cpuWindow, foreignLoadWindow } from './proc-stats.ts';
import { removeTempDir, sleep } from './processes.ts';
import { replaceSection, saveRecord, setUpSideBench } from './side-bench.ts';
import { median } from './stats.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GATEWAY_CPU = 0;
const LOAD_CPU = 1;
const ADMIN_KEY = 'bench-admin-key';

type VariantName = 'lean' | 'monitoring' | 'access' | 'everything' | 'dashboard';

const features: Record<VariantName, string> = {
  lean: 'monitoring: { enabled: false }\naudit: { enabled: false }\n',
  monitoring: 'audit: { enabled: false }\n',
  access: 'monitoring: { enabled: false }\n',
  everything: '',
  dashboard: '',
};

const describe: Record<VariantName, string> = {
  lean: 'core only: monitoring, audit off; no client keys',
  monitoring: 'monitor on (health windows, probes, history); audit off',
  access: 'client keys enforced + audit trail on; monitor off',
  everything: 'monitor + keys + audit on, metrics recorded',
  dashboard: 'everything, and a dashboard open (SSE + polling every 2 s)',
};

/** What each variant is compared with: the dashboard with everything, the others with the core alone. */
const baselineOf: Record<VariantName, VariantName> = {
  lean: 'lean',
  monitoring: 'lean',
  access: 'lean',
  everything: 'lean',
  dashboard: 'everything',
};

function config(mockPort: number, variant: VariantName): string {
  return `server: { port: 0, host: 127.0.0.1 }
${features[variant]}providers:
  - { id: mock, type: openai-compatible, base_url: "http://127.0.0.1:${mockPort}/v1", api_key: bench, max_connections: 2048 }
routes:
  - { model: bench, targets: [ { provider: mock, model: bench-model } ] }
`;
}

type Window = { rps: number; p99Ms: number; errors: number; cpuMicros: number; foreignLoad: number | undefined };
type VariantResult = {
  name: VariantName;
  /** The variant the overhead is measured against. */
  baseline?: VariantName;
  what: string;
  windows: Window[];
  rps: number;
  p99Ms: number;
  cpuMicros: number;
  cpuOverheadPct: number;
  rpsChangePct: number;
};

function log(line: string): void {
  console.log(`[features] ${line}`);
}

/** A dashboard left open: one SSE connection and the polling a dashboard does, until stopped. */
function openDashboard(origin: string): { stop(): Promise<void> } {
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const controller = new AbortController();
  const sse = request(`${origin}/admin/api/events`, { headers, signal: controller.signal })
    .then((response) => {
      response.body.on('data', () => {});
      return new Promise<void>((done) => response.body.on('close', () => done()));
    })
    .catch(() => {});
  const timer = setInterval(() => {
    for (const path of ['/admin/api/health', '/admin/api/incidents', '/admin/api/history?resolution=minute']) {
      request(`${origin}${path}`, { headers, signal: controller.signal })
        .then((response) => response.body.dump())
        .catch(() => {});
    }
  }, 2000);
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await sse;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      window: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '32' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'docs/benchmarks.md' },
    },
  });
  const rounds = values.quick ? 2 : Number(values.rounds);
  const windowS = values.quick ? 3 : Number(values.window);
  const concurrency = Number(values.concurrency);
  const wrk = detectWrk();
  if (wrk === undefined) throw new Error('wrk is required (apt-get install wrk)');
  const { machine, tempDir, mock, mockPort } = await setUpSideBench({
    repoRoot: REPO_ROOT,
    loadCpu: LOAD_CPU,
    tempPrefix: 'outlast-features-',
  });
  const variants: VariantName[] = ['lean', 'monitoring', 'access', 'everything', 'dashboard'];
  const arms = new Map<VariantName, Awaited<ReturnType<typeof startOutlastArm>>>();
  const scripts = new Map<VariantName, string>();
  const env = armEnvironment(undefined);
  try {
    for (const variant of variants) {
      const dir = join(tempDir, variant);
      mkdirSync(dir, { recursive: true });
      const arm = await startOutlastArm({
        repoRoot: REPO_ROOT,
        mockPort,
        cpu: GATEWAY_CPU,
        env,
        tempDir: dir,
        config: config(mockPort, variant),
        adminKey: ADMIN_KEY,
      });
      arms.set(variant, arm);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (variant === 'access' || variant === 'everything' || variant === 'dashboard') {
        const answer = await request(`${arm.origin}/admin/api/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'bench' }),
        });
        const created = (await answer.body.json()) as { key: string };
        headers.authorization = `Bearer ${created.key}`;
      } else {
        headers.authorization = 'Bearer any-client-key';
      }
      const prepared: PreparedRequest = {
        path: '/v1/chat/completions',
        method: 'POST',
        headers,
        body: Buffer.from(JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'hello' }] })),
      };
      scripts.set(variant, writeWrkScript(tempDir, `features-${variant}`, prepared));
      log(`${variant} up at ${arm.origin} (pid ${arm.pid})`);
    }
    const windows = new Map<VariantName, Window[]>(variants.map((variant) => [variant, []]));
    for (let round = 0; round < rounds; round++) {
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
        const arm = arms.get(variant)!;
        const script = scripts.get(variant)!;
        const dashboard = variant === 'dashboard' ? openDashboard(arm.origin) : undefined;
        await runWrk({
          origin: arm.origin,
          path: '/v1/chat/completions',
          script,
          concurrency,
          durationS: 2,
          cpu: LOAD_CPU,
        });
        const cpu = cpuWindow(arm.pid);
        const foreign = foreignLoadWindow(GATEWAY_CPU, arm.pid === undefined ? [] : [arm.pid]);
        const window = await runWrk({
          origin: arm.origin,
          path: '/v1/chat/completions',
          script,
          concurrency,
          durationS: windowS,
          cpu: LOAD_CPU,
        });
        const used = cpu.end(window.requests);
        const foreignLoad = foreign.end();
        await dashboard?.stop();
        windows.get(variant)!.push({
          rps: window.rps,
          p99Ms: window.p99Ms,
          errors: window.errors,
          cpuMicros: used?.microsPerRequest ?? Number.NaN,
          foreignLoad,
        });
        log(
          `round ${round + 1}/${rounds} ${variant}: ${Math.round(window.rps)} RPS, p99 ${window.p99Ms.toFixed(2)} ms, ` +
            `${(used?.microsPerRequest ?? Number.NaN).toFixed(1)} us CPU/request, errors ${window.errors}`,
        );
        await sleep(200);
      }
    }
    const results: VariantResult[] = variants.map((variant) => {
      const list = windows.get(variant)!;
      return {
        name: variant,
        what: describe[variant],
        windows: list,
        rps: median(list.map((entry) => entry.rps)),
        p99Ms: median(list.map((entry) => entry.p99Ms)),
        cpuMicros: median(list.map((entry) => entry.cpuMicros)),
        baseline: baselineOf[variant],
        cpuOverheadPct: 0,
        rpsChangePct: 0,
      };
    });
    for (const result of results) {
      const base = results.find((entry) => entry.name === baselineOf[result.name])!;
      result.cpuOverheadPct = ((result.cpuMicros - base.cpuMicros) / base.cpuMicros) * 100;
      result.rpsChangePct = ((result.rps - base.rps) / base.rps) * 100;
    }
    const record = {
      at: new Date().toISOString(),
      revision: outlastRevision(REPO_ROOT),
      machine,
      rounds,
      windowS,
      concurrency,
      results,
    };
    const file = saveRecord(REPO_ROOT, 'features', record.at, record);
    writeSection(resolve(REPO_ROOT, values.out), record);
    log(`results in ${file}`);
  } finally {
    for (const arm of arms.values()) await arm.stop();
    await mock.stop();
    removeTempDir(tempDir);
  }
}

function writeSection(
  path: string,
  record: {
    at: string;
    revision: string;
    rounds: number;
    windowS: number;
    concurrency: number;
    results: VariantResult[];
  },
): void {
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
  const rows = record.results.map(
    (result) =>
      `| ${result.name} | ${result.what} | ${result.baseline ?? 'lean'} | ${Math.round(result.rps)} | ${signed(result.rpsChangePct)} | ${result.p99Ms.toFixed(2)} | ${result.cpuMicros.toFixed(1)} | ${signed(result.cpuOverheadPct)} |`,
  );
  const section = `<!-- features:start -->
### Feature overhead on the hot path (S2, side by side)

Run ${record.at}, revision ${record.revision}; ${record.rounds} interleaved rounds of ${record.windowS} s windows per
variant, wrk at concurrency ${record.concurrency} (one thread, core 1, with the mock), each gateway variant its own
process on core 0; medians. \`npm run bench:features\` reproduces it. Goals: monitoring < 5% (issue 5); keys, audit
and metrics within the core's goals (issue 8); a dashboard open < 2% (issue 6).

| variant | what is on | compared with | RPS | RPS change | p99 ms | CPU us/request | CPU change |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
<!-- features:end -->`;
  replaceSection(path, 'features', section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
