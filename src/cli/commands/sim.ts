import { parseArgs } from 'node:util';
import { createSimulator } from '../../sim/create-simulator.ts';
import type { SimKnobs } from '../../sim/sim-knobs.ts';
import type { CliIo } from '../io.ts';

const USAGE = `Usage: outlast sim [--port N] [--host H] [knobs]

Runs the provider simulator: the Anthropic, OpenAI and Gemini APIs on one port (with the Anthropic and
OpenAI Files and Batches APIs), with deterministic answers, faults set at run time (POST /sim/faults)
and traffic stats (GET /sim/stats).

Options:
  -p, --port N              port to listen on (default 8790; 0 picks a free one)
      --host H              address to listen on (default 127.0.0.1)
      --latency-ms N        delay before response headers (default 0)
      --ttft-ms N           delay between headers and the first token (default 0)
      --tokens-per-second N pace of streamed tokens, 0 = as fast as possible (default 0)
      --answer-tokens N     answer length in words, capped by max_tokens (default 12)
      --batch-delay-ms N    time a message batch or an OpenAI batch takes to end (default 0)
  -h, --help                show this help

See docs/simulator.md for the endpoints, fault rules and knobs.`;

const knobFlags = {
  'latency-ms': 'latencyMs',
  'ttft-ms': 'ttftMs',
  'tokens-per-second': 'tokensPerSecond',
  'answer-tokens': 'answerTokens',
  'batch-delay-ms': 'batchDelayMs',
} as const satisfies Record<string, keyof SimKnobs>;

type KnobFlag = keyof typeof knobFlags;

function toNumber(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${flag} expects a non-negative ${integer ? 'integer' : 'number'}, got '${text}'`);
  }
  return value;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** `outlast sim`: runs the provider simulator until the process is asked to stop. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let port: number;
  let host: string;
  const knobs: Partial<SimKnobs> = {};
  try {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'latency-ms': { type: 'string' },
        'ttft-ms': { type: 'string' },
        'tokens-per-second': { type: 'string' },
        'answer-tokens': { type: 'string' },
        'batch-delay-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    port = values.port === undefined ? 8790 : toNumber('port', values.port, true);
    if (port > 65535) throw new Error(`--port expects a port number, got '${values.port}'`);
    host = values.host ?? '127.0.0.1';
    for (const flag of Object.keys(knobFlags) as KnobFlag[]) {
      const text = values[flag];
      if (text !== undefined) knobs[knobFlags[flag]] = toNumber(flag, text, flag === 'answer-tokens');
    }
  } catch (error) {
    io.stderr(`outlast sim: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const simulator = createSimulator({ knobs });
  let url: string;
  try {
    ({ url } = await simulator.listen(port, host));
  } catch (error) {
    io.stderr(`outlast sim: cannot listen on ${host}:${port}: ${(error as Error).message}`);
    return 1;
  }
  io.stdout(`Outlast provider simulator listening on ${url}`);
  io.stdout(`  Anthropic: ANTHROPIC_BASE_URL=${url}   OpenAI: OPENAI_BASE_URL=${url}/v1`);
  await waitForAbort(io.signal);
  await simulator.close();
  io.stdout('simulator stopped');
  return 0;
}
