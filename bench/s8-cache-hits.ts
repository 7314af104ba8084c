/**
 * S8, cache hits: `node bench/s8-cache-hits.ts [--duration-s 10] [--out docs/benchmarks.md]`.
 * The real gateway (`outlast start`, pinned to CPU 0) with an exact cache in front of the simulator; one prompt is
 * primed, then every request is a memory hit. Measures (1) the in-process cost of a hit (gateway.dispatch, no HTTP),
 * (2) sequential round-trip latency of a hit over one keep-alive connection, (3) hits per second on the gateway's one
 * core under closed-loop load (wrk pinned to CPU 1, or the Node driver). Writes the S8 section of docs/benchmarks.md
 * between its own markers.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfigText } from '../src/config/load-config.ts';
import { createGateway } from '../src/gateway.ts';
import { createSimulator } from '../src/sim/create-simulator.ts';
import { armEnvironment } from './arms/arm.ts';
import { startOutlastArm } from './arms/outlast.ts';
import { runClosedLoop } from './drivers/closed-loop.ts';
import { createSequentialClient, runSequential } from './drivers/sequential.ts';
import { detectWrk, runWrk, writeWrkScript } from './drivers/wrk.ts';
import { describeMachine, pinSelf } from './environment.ts';
import type { PreparedRequest } from './payloads.ts';
import { installCleanupHooks, makeTempDir, removeTempDir } from './processes.ts';
import { percentile, Samples, sortAscending } from './stats.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- s8:start -->';
const END = '<!-- s8:end -->';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

const config = (simUrl: string) => `server: { port: 0, host: 127.0.0.1 }
providers:
  - { id: sim, type: openai, base_url: "${simUrl}/v1", api_key: bench }
routes:
  - { model: bench, targets: [ { provider: sim, model: gpt-5 } ], cache: { ttl_s: 3600 } }
`;

const body = { model: 'bench', messages: [{ role: 'user', content: 'hello' }], temperature: 0 };
const hit: PreparedRequest = {
  path: '/v1/chat/completions',
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
  body: Buffer.from(JSON.stringify(body)),
};

/** Mean microseconds per hit through gateway.dispatch in this process: key, lookup and rendering, no HTTP. */
async function inProcessCostUs(simUrl: string): Promise<{ meanUs: number; p99Us: number }> {
  const loaded = parseConfigText(config(simUrl), {});
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const gateway = createGateway(loaded.config);
  const signal = new AbortController().signal;
  const request = () => ({
    requestId: 'bench',
    format: 'openai' as const,
    operation: 'chat' as const,
    model: 'bench',
    stream: false,
    body: JSON.parse(hit.body.toString('utf8')) as Record<string, unknown>,
    raw: hit.body,
    passHeaders: {},
    search: '',
    signal,
    clientRetryCount: 0,
  });
  const first = await gateway.dispatch(request());
  if (!Buffer.isBuffer(first.body)) throw new Error('expected a whole body');
  await new Promise((done) => setTimeout(done, 50));
  const samples = new Samples();
  for (let round = 0; round < 30_000; round++) {
    const began = performance.now();
    const answer = await gateway.dispatch(request());
    if (answer.cache !== 'hit') throw new Error(`expected a hit, got ${answer.cache}`);
    if (round >= 5000) samples.push((performance.now() - began) * 1000);
  }
  await gateway.close();
  const values = samples.toArray();
  const sorted = sortAscending(values);
  return { meanUs: values.reduce((sum, value) => sum + value, 0) / values.length, p99Us: percentile(sorted, 99) };
}

/** A bare node:http server answering every POST with the same JSON: this machine's ceiling for one Node core now. */
const bareServer = `
const body = Buffer.from(JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'one two three four five six seven eight nine ten eleven twelve' } }] }));
const server = require('node:http').createServer((request, response) => {
  request.resume();
  request.on('end', () => { response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); response.end(body); });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** Starts the bare server, pinned like the gateway; resolves with its origin and a stop function. */
async function startBare(pinned: boolean): Promise<{ origin: string; stop(): void }> {
  const child = pinned
    ? spawn('taskset', ['-c', '0', process.execPath, '-e', bareServer], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['-e', bareServer], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    child.stdout.once('data', (chunk: Buffer) => done(Number(chunk.toString().trim())));
    child.once('exit', () => fail(new Error('the bare server exited')));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => {
      if (child.pid !== undefined) child.kill();
    },
  };
}

/** One closed-loop window of hits against `origin`: wrk pinned to the load core when possible. */
function loadWindow(options: { origin: string; pinned: boolean; durationS: number; tempDir: string }) {
  return options.pinned && detectWrk() !== undefined
    ? runWrk({
        origin: options.origin,
        path: hit.path,
        script: writeWrkScript(options.tempDir, 's8', hit),
        concurrency: 32,
        durationS: options.durationS,
        cpu: 1,
      })
    : runClosedLoop({ origin: options.origin, request: hit, concurrency: 32, durationMs: options.durationS * 1000 });
}

const middle = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  installCleanupHooks();
  const durationS = Number(flag('duration-s', '10'));
  const out = resolve(REPO_ROOT, flag('out', 'docs/benchmarks.md'));
  const machine = describeMachine();
  const pinned = machine.nproc >= 2 && pinSelf(1);
  const simulator = createSimulator();
  const sim = await simulator.listen(0, '127.0.0.1');
  const tempDir = makeTempDir('outlast-s8-');
  const inProcess = await inProcessCostUs(sim.url);
  console.log(`in-process hit: mean ${inProcess.meanUs.toFixed(1)} us, p99 ${inProcess.p99Us.toFixed(1)} us`);

  const arm = await startOutlastArm({
    repoRoot: REPO_ROOT,
    mockPort: 0,
    cpu: pinned ? 0 : undefined,
    env: armEnvironment(undefined),
    tempDir,
    config: config(sim.url),
  });
  try {
    const client = createSequentialClient(arm.origin);
    const primed = await client.client.request(hit);
    await primed.body.arrayBuffer();
    await new Promise((done) => setTimeout(done, 100));
    const check = await client.client.request(hit);
    await check.body.arrayBuffer();
    if (check.headers['x-outlast-cache'] !== 'hit') throw new Error('the second request was not a hit');
    await runSequential(client, hit, 3000, undefined);
    const latencies = new Samples();
    const sequential = await runSequential(client, hit, 5000, latencies);
    await client.close();
    const sorted = sortAscending(latencies.toArray());
    const p50Ms = percentile(sorted, 50);
    const p99Ms = percentile(sorted, 99);
    console.log(`sequential hits: p50 ${p50Ms.toFixed(3)} ms, p99 ${p99Ms.toFixed(3)} ms, errors ${sequential.errors}`);

    const wrk = detectWrk();
    // Interleaved windows, gateway then control, so both see the same machine load; medians reported.
    const bare = await startBare(pinned);
    const rounds: { gateway: number; bare: number; errors: number; p50Ms: number; p99Ms: number }[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const load = await loadWindow({ origin: arm.origin, pinned, durationS, tempDir });
        const control = await loadWindow({ origin: bare.origin, pinned, durationS, tempDir });
        rounds.push({
          gateway: load.rps,
          bare: control.rps,
          errors: load.errors,
          p50Ms: load.p50Ms,
          p99Ms: load.p99Ms,
        });
        console.log(`round ${round + 1}: ${load.rps.toFixed(0)} hits/s, control ${control.rps.toFixed(0)} requests/s`);
      }
    } finally {
      bare.stop();
    }
    const hitsPerS = middle(rounds.map((round) => round.gateway));
    const bareRps = middle(rounds.map((round) => round.bare));
    const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
    const median = rounds.find((round) => round.gateway === hitsPerS)!;
    const upstream = simulator.stats().total;

    const section = [
      START,
      `### S8 cache hits, run of ${new Date().toISOString()}`,
      '',
      `Machine: ${machine.nproc} vCPU${pinned ? '; gateway pinned to CPU 0, load to CPU 1' : ', nothing pinned'}; ` +
        `load driver: ${wrk !== undefined && pinned ? 'wrk -t1 -c32' : 'Node closed loop, 32 connections'}, 3 rounds of ${durationS} s, ` +
        `gateway and control interleaved (medians). Load average at the end: ${loadavg()
          .map((value) => value.toFixed(1))
          .join(', ')}. ` +
        `One primed OpenAI chat request (\`temperature: 0\`, 12-word answer), route cache \`ttl_s: 3600\`; ` +
        `upstream requests during the whole run: ${upstream} (one priming request for the in-process measure, one for the gateway).`,
      '',
      '| measure | value | goal |',
      '| --- | --- | --- |',
      `| in-process cost of a hit (gateway.dispatch: key, LRU lookup, rendering), mean / p99 | ${inProcess.meanUs.toFixed(1)} us / ${inProcess.p99Us.toFixed(1)} us | |`,
      `| round trip of a hit on one keep-alive connection, p50 / p99 | ${p50Ms.toFixed(3)} ms / ${p99Ms.toFixed(3)} ms | p50 <= 0.3 ms |`,
      `| hits per second on the gateway's one core (32 connections), median of 3 | ${hitsPerS.toFixed(0)} (errors ${errors}; p50 ${median.p50Ms.toFixed(2)} ms, p99 ${median.p99Ms.toFixed(2)} ms) | >= 15,000 |`,
      `| control: a bare node:http server answering the same JSON, same core, interleaved, median of 3 | ${bareRps.toFixed(0)} requests/s | |`,
      `| rounds (hits/s vs control) | ${rounds.map((round) => `${round.gateway.toFixed(0)} vs ${round.bare.toFixed(0)}`).join('; ')} | |`,
      END,
    ].join('\n');
    const text = readFileSync(out, 'utf8');
    const from = text.indexOf(START);
    const to = text.indexOf(END);
    const next =
      from !== -1 && to > from
        ? text.slice(0, from) + section + text.slice(to + END.length)
        : `${text.trimEnd()}\n\n## S8 cache hits\n\n${section}\n`;
    writeFileSync(out, next);
    console.log(`S8 written to ${out}`);
  } finally {
    await arm.stop();
    await simulator.close();
    removeTempDir(tempDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
