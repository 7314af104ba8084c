import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { serveGateway } from '../../server/serve-gateway.ts';
import { createSimulator } from '../../sim/create-simulator.ts';
import type { CliIo } from '../io.ts';
import { demoConfig } from './demo-config.ts';
import { startAlertLog } from './start-alert-log.ts';

const help = `Usage: outlast demo [--port N] [--rate N] [--outage-after S] [--outage-for S] [--duration S]

Starts two provider simulators (one plays Anthropic, the primary; one OpenAI, the fallback) and the
gateway on loopback, sends steady Anthropic-format demo traffic (like a Claude app) through the route
\`smart\`, and takes Anthropic down (every request answers 529 overloaded_error, as on March 2, 2026)
for a while, every cycle. Prints one line per second: requests, errors seen by clients, the primary's
breaker, and who answered (OpenAI answers through translation). The monitor opens an incident, a webhook
alert prints a line, and the incident resolves after the recovery; open the dashboard URL it prints
(admin key: OUTLAST_ADMIN_KEY, or a random one it prints) to watch it live.

Options:
  --port N          gateway port (default 8700; 0 = any free port)
  --rate N          demo requests per second (default 5)
  --outage-after S  seconds of health before each outage (default 15)
  --outage-for S    seconds each outage lasts (default 20)
  --duration S      stop after S seconds (default: run until Ctrl-C)
  --help            this text`;

interface Tally {
  requests: number;
  errors: number;
  byProvider: Map<string, number>;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got '${text}'`);
  return value;
}

/** `outlast demo`: the whole story in one terminal: traffic, an outage of the primary, failover, recovery. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let options: { port: number; rate: number; outageAfterS: number; outageForS: number; durationS: number | undefined };
  try {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        rate: { type: 'string' },
        'outage-after': { type: 'string' },
        'outage-for': { type: 'string' },
        duration: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help === true) {
      io.stdout(help);
      return 0;
    }
    options = {
      port: positive('port', values.port, 8700),
      rate: Math.max(1, positive('rate', values.rate, 5)),
      outageAfterS: positive('outage-after', values['outage-after'], 15),
      outageForS: positive('outage-for', values['outage-for'], 20),
      durationS: values.duration === undefined ? undefined : positive('duration', values.duration, 0),
    };
  } catch (error) {
    io.stderr(`outlast demo: ${error instanceof Error ? error.message : String(error)}\n\n${help}`);
    return 2;
  }

  const simulator = createSimulator({ knobs: { latencyMs: 40, answerTokens: 12 } });
  const fallbackSimulator = createSimulator({ knobs: { latencyMs: 60, answerTokens: 12 } });
  const sim = await simulator.listen(0, '127.0.0.1');
  const fallbackSim = await fallbackSimulator.listen(0, '127.0.0.1');
  const alertLog = await startAlertLog(io.stdout);
  const givenKey = io.env.OUTLAST_ADMIN_KEY;
  const adminKey = givenKey ?? `demo-${randomBytes(12).toString('base64url')}`;
  const config = demoConfig(sim.url, fallbackSim.url, {
    webhookUrl: alertLog.url,
    secret: randomBytes(16).toString('hex'),
  });
  const served = await serveGateway(config, { port: options.port, host: '127.0.0.1', adminKey });
  io.stdout(`simulated Anthropic (primary) on ${sim.url}, simulated OpenAI (fallback) on ${fallbackSim.url}`);
  io.stdout(
    `gateway on ${served.url}  (try: curl ${served.url}/v1/messages -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -d '{"model":"smart","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}')`,
  );
  // A key the demo made up is printed so that it can be pasted into the login form; one from the environment is not.
  const keyText = givenKey === undefined ? adminKey : 'the value of OUTLAST_ADMIN_KEY';
  io.stdout(`dashboard: ${served.url}/  (admin key: ${keyText})   public status page: ${served.url}/status`);
  io.stdout(
    `route smart: anthropic/claude-sonnet-4-6, then openai/gpt-5. Anthropic goes down after ${options.outageAfterS}s for ${options.outageForS}s.`,
  );

  const tally: Tally = { requests: 0, errors: 0, byProvider: new Map() };
  const startedMs = Date.now();
  let outage = false;
  let prompt = 0;

  async function sendOne(): Promise<void> {
    prompt += 1;
    try {
      const response = await request(`${served.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'demo', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({
          model: 'smart',
          max_tokens: 64,
          messages: [{ role: 'user', content: `demo question ${prompt % 20}` }],
        }),
      });
      await response.body.arrayBuffer();
      tally.requests += 1;
      if (response.statusCode >= 400) tally.errors += 1;
      const provider = String(response.headers['x-outlast-provider'] ?? 'none');
      tally.byProvider.set(provider, (tally.byProvider.get(provider) ?? 0) + 1);
    } catch {
      tally.requests += 1;
      tally.errors += 1;
    }
  }

  const cycleS = options.outageAfterS + options.outageForS;
  const traffic = setInterval(() => void sendOne(), 1000 / options.rate);
  const report = setInterval(() => {
    const elapsedS = (Date.now() - startedMs) / 1000;
    const answered = [...tally.byProvider].map(([provider, count]) => `${provider} ${count}`).join(', ') || '-';
    const breaker =
      served.gateway.targets().find((target) => target.provider === 'anthropic')?.breaker.state ?? 'closed';
    io.stdout(
      `t=${elapsedS.toFixed(0).padStart(3)}s  primary ${outage ? 'DOWN' : 'up  '}  breaker ${breaker.padEnd(9)}  requests ${String(tally.requests).padStart(3)}  errors ${tally.errors}  answered by: ${answered}`,
    );
    tally.requests = 0;
    tally.errors = 0;
    tally.byProvider.clear();
    const inCycle = cycleS === 0 ? 0 : elapsedS % cycleS;
    const shouldBeDown = options.outageForS > 0 && inCycle >= options.outageAfterS;
    if (shouldBeDown === outage) return;
    outage = shouldBeDown;
    if (outage) {
      simulator.setFaults([{ fault: 'error', status: 529, error_type: 'overloaded_error', probability: 1 }]);
      io.stdout('>>> outage: Anthropic now answers every request with 529 overloaded_error');
    } else {
      simulator.clearFaults();
      io.stdout('>>> recovery: Anthropic answers again');
    }
  }, 1000);

  await new Promise<void>((resolve) => {
    const done = () => resolve();
    if (io.signal.aborted) return done();
    io.signal.addEventListener('abort', done, { once: true });
    if (options.durationS !== undefined) setTimeout(done, options.durationS * 1000).unref();
  });
  clearInterval(traffic);
  clearInterval(report);
  await served.close(2000);
  await simulator.close();
  await fallbackSimulator.close();
  await alertLog.close();
  io.stdout('demo stopped');
  return 0;
}
