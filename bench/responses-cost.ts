/**
 * `npm run bench:responses`: the cost of serving OpenAI Responses requests (issue 10), measured side by side in one
 * run against the bench mock, one request at a time (the S1 method), arms interleaved in rounds of 25:
 *   direct          OpenAI Chat Completions straight to the mock (the baseline)
 *   null-proxy      the same through bench/null-proxy.ts (`node:http` + `undici`, the Node floor) on the gateway's core
 *   chat            Chat Completions through Outlast, pass-through (the core)
 *   responses→chat  a Responses request through Outlast to the mock's Chat Completions endpoint (translated both ways,
 *                   plus the response ledger's write before the answer)
 *   responses→anthropic  the same to the mock's Anthropic Messages endpoint
 * Non-streamed: latency through the end of the body. Streamed: time to the first content event (TTFT).
 * Reported: p50 / p99 per arm, added = arm - direct, translation cost = arm - chat. Results go to
 * bench/results/responses-<time>.json and docs/benchmarks.md between the `responses` markers.
 *
 *   node bench/responses-cost.ts [--rounds 40] [--quick]
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import { armEnvironment } from './arms/arm.ts';
import { startNullProxyArm } from './arms/null-proxy.ts';
import { outlastBenchConfig, outlastRevision, startOutlastArm } from './arms/outlast.ts';
import { removeTempDir } from './processes.ts';
import { replaceSection, saveRecord, setUpSideBench } from './side-bench.ts';
import { percentile, Samples, sortAscending } from './stats.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GATEWAY_CPU = 0;
const LOAD_CPU = 1;

type ArmName = 'direct' | 'null-proxy' | 'chat' | 'responses→chat' | 'responses→anthropic';
type Mode = 'json' | 'stream';

interface ArmRequest {
  origin: string;
  path: string;
  body: (stream: boolean) => Buffer;
  /** True when a chunk carries the first content of the answer. */
  firstContent: (text: string) => boolean;
}

const chatBody = (model: string) => (stream: boolean) =>
  Buffer.from(JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], ...(stream ? { stream } : {}) }));
const responsesBody = (model: string) => (stream: boolean) =>
  Buffer.from(JSON.stringify({ model, input: 'hello', ...(stream ? { stream } : {}) }));
const chatContent = (text: string) => text.includes('"content":"') && !text.includes('"content":""');
const responsesContent = (text: string) => text.includes('response.output_text.delta');

/** One request; the time in ms to the end of the body (json) or to the first content chunk (stream). */
async function timeOne(client: Client, arm: ArmRequest, mode: Mode): Promise<number> {
  const started = performance.now();
  const response = await client.request({
    path: arm.path,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: arm.body(mode === 'stream'),
  });
  if (response.statusCode !== 200) throw new Error(`${arm.path}: ${response.statusCode} ${await response.body.text()}`);
  if (mode === 'json') {
    await response.body.arrayBuffer();
    return performance.now() - started;
  }
  let firstAt: number | undefined;
  for await (const chunk of response.body) {
    if (firstAt === undefined && arm.firstContent((chunk as Buffer).toString('utf8'))) firstAt = performance.now();
  }
  if (firstAt === undefined) throw new Error(`${arm.path}: no content in the stream`);
  return firstAt - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '40' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'docs/benchmarks.md' },
    },
  });
  const rounds = values.quick ? 8 : Number(values.rounds);
  const { machine, tempDir, mock, mockPort } = await setUpSideBench({
    repoRoot: REPO_ROOT,
    loadCpu: LOAD_CPU,
    tempPrefix: 'outlast-responses-',
    mockSettings: { chunks: 8, chunkIntervalMs: 1 },
  });
  const mockOrigin = `http://127.0.0.1:${mockPort}`;
  const outlast = await startOutlastArm({
    repoRoot: REPO_ROOT,
    mockPort,
    cpu: GATEWAY_CPU,
    env: armEnvironment(undefined),
    tempDir,
    config: `monitoring: { enabled: false }\n${outlastBenchConfig(mockPort)}`,
  });
  const nullProxy = await startNullProxyArm({
    mockOrigin,
    cpu: GATEWAY_CPU,
    env: armEnvironment(undefined),
    logDir: tempDir,
  });
  const arms: Record<ArmName, ArmRequest> = {
    direct: {
      origin: mockOrigin,
      path: '/v1/chat/completions',
      body: chatBody('bench-model'),
      firstContent: chatContent,
    },
    'null-proxy': {
      origin: nullProxy.origin,
      path: '/v1/chat/completions',
      body: chatBody('bench-model'),
      firstContent: chatContent,
    },
    chat: { origin: outlast.origin, path: '/v1/chat/completions', body: chatBody('bench'), firstContent: chatContent },
    'responses→chat': {
      origin: outlast.origin,
      path: '/v1/responses',
      body: responsesBody('bench'),
      firstContent: responsesContent,
    },
    'responses→anthropic': {
      origin: outlast.origin,
      path: '/v1/responses',
      body: responsesBody('bench-claude'),
      firstContent: responsesContent,
    },
  };
  const names = Object.keys(arms) as ArmName[];
  const clients = new Map(names.map((name) => [name, new Client(arms[name].origin, { pipelining: 1 })]));
  const samples = new Map<string, Samples>();
  try {
    for (const mode of ['json', 'stream'] as const) {
      for (const name of names) {
        samples.set(`${mode}|${name}`, new Samples());
        for (let warm = 0; warm < 200; warm++) await timeOne(clients.get(name)!, arms[name], mode);
      }
      for (let round = 0; round < rounds; round++) {
        for (const name of round % 2 === 0 ? names : [...names].reverse()) {
          for (let index = 0; index < 25; index++) {
            samples.get(`${mode}|${name}`)!.push(await timeOne(clients.get(name)!, arms[name], mode));
          }
        }
      }
    }
    const stat = (mode: Mode, name: ArmName) => {
      const sorted = sortAscending(samples.get(`${mode}|${name}`)!.toArray());
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
    };
    const results = (['json', 'stream'] as const).flatMap((mode) =>
      names.map((name) => {
        const own = stat(mode, name);
        const direct = stat(mode, 'direct');
        const chat = stat(mode, 'chat');
        const floor = stat(mode, 'null-proxy');
        return {
          mode,
          arm: name,
          ...own,
          addedP50: own.p50 - direct.p50,
          addedP99: own.p99 - direct.p99,
          featureP50: own.p50 - floor.p50,
          featureP99: own.p99 - floor.p99,
          translationP50: own.p50 - chat.p50,
          translationP99: own.p99 - chat.p99,
        };
      }),
    );
    const record = { at: new Date().toISOString(), revision: outlastRevision(REPO_ROOT), machine, rounds, results };
    saveRecord(REPO_ROOT, 'responses', record.at, record);
    writeSection(resolve(REPO_ROOT, values.out), record);
    for (const row of results) {
      console.log(
        `${row.mode.padEnd(6)} ${row.arm.padEnd(20)} p50 ${row.p50.toFixed(3)} p99 ${row.p99.toFixed(3)} ` +
          `added ${row.addedP50.toFixed(3)}/${row.addedP99.toFixed(3)} over-floor ${row.featureP50.toFixed(3)}/${row.featureP99.toFixed(3)} translation ${row.translationP50.toFixed(3)}/${row.translationP99.toFixed(3)}`,
      );
    }
  } finally {
    for (const client of clients.values()) await client.close();
    await outlast.stop();
    await nullProxy.stop();
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
    results: {
      mode: Mode;
      arm: ArmName;
      p50: number;
      p99: number;
      count: number;
      addedP50: number;
      addedP99: number;
      featureP50: number;
      featureP99: number;
      translationP50: number;
      translationP99: number;
    }[];
  },
): void {
  const ms = (value: number) => value.toFixed(3);
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
  const rows = record.results.map((row) => {
    const baseline = row.arm === 'direct';
    const translated = row.arm.startsWith('responses');
    return `| ${row.mode === 'json' ? 'whole answer' : 'stream, TTFT'} | ${row.arm} | ${ms(row.p50)} | ${ms(row.p99)} | ${baseline ? '' : signed(row.addedP50)} | ${baseline ? '' : signed(row.addedP99)} | ${baseline || row.arm === 'null-proxy' ? '' : signed(row.featureP50)} | ${translated ? signed(row.translationP50) : ''} | ${translated ? signed(row.translationP99) : ''} |`;
  });
  const section = `<!-- responses:start -->
### The Responses API: translation cost (S1 and S5 method, side by side)

Run ${record.at}, revision ${record.revision}; one request at a time, ${record.rounds} interleaved rounds of 25 per
arm and mode, the gateway and the null proxy pinned to core 0, the mock and the client on core 1; the mock answers at
once (streams of 8 chunks, 1 ms apart). \`npm run bench:responses\` reproduces it. \`added\` is against the direct call
to the mock's Chat Completions endpoint; \`over floor\` against the same call through the null proxy
(\`bench/null-proxy.ts\`, \`node:http\` + \`undici\`, the Node floor of this harness); \`translation\` against a Chat
Completions request through Outlast (pass-through), so it holds the Responses parsing and rendering, the translation
to the target's format and back, and the response ledger's record. Core goals: added p50 <= 0.35 ms, p99 <= 1.0 ms;
TTFT p50 <= 0.5 ms, p99 <= 1.0 ms (set when the floor added about 0.23 ms).

| mode | arm | p50 ms | p99 ms | added p50 | added p99 | over floor p50 | translation p50 | translation p99 |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
<!-- responses:end -->`;
  replaceSection(path, 'responses', section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
