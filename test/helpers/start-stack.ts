import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, type ServeOptions, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';

/** A simulator and a gateway in front of it, both on 127.0.0.1 with free ports. */
export interface Stack {
  /** The simulator (faults, stats). */
  simulator: Simulator;
  /** Simulator base URL, e.g. http://127.0.0.1:41234 */
  simUrl: string;
  /** The gateway. */
  gateway: ServedGateway;
  /** Gateway base URL. */
  url: string;
  /** Stops both. */
  close(): Promise<void>;
}

/** The standard test config: route `smart` = anthropic then openai; route `gpt` = openai then anthropic-format-less fallback. */
export const standardConfig = `
providers:
  - { id: anthropic, type: anthropic, api_key: sk-ant-test-secret, base_url: "\${SIM}" }
  - { id: anthropic-b, type: anthropic, api_key: sk-ant-test-secret-b, base_url: "\${SIM}", models: [] }
  - { id: openai, type: openai, api_key: sk-openai-test-secret, base_url: "\${SIM}/v1" }
  - { id: openai-b, type: openai-compatible, api_key: sk-local-secret, base_url: "\${SIM}/v1", models: [] }
routes:
  - model: claude-smart
    targets:
      - { provider: anthropic, model: claude-sonnet-4-6 }
      - { provider: anthropic-b, model: claude-haiku-4-5 }
  - model: gpt-smart
    targets:
      - { provider: openai, model: gpt-5 }
      - { provider: openai-b, model: llama3.1-8b }
`;

/**
 * Starts a simulator and a gateway configured by `configText`, where `${SIM}` is the simulator's URL and
 * `${DEAD}` a loopback URL where nothing listens (connections are refused).
 */
export async function startStack(configText: string = standardConfig, options: ServeOptions = {}): Promise<Stack> {
  const simulator = createSimulator();
  const sim = await simulator.listen(0, '127.0.0.1');
  const loaded = parseConfigText(configText, { SIM: sim.url, DEAD: await deadUrl() });
  if (!loaded.ok) {
    await simulator.close();
    throw new Error(`test config invalid: ${JSON.stringify(loaded.problems)}`);
  }
  const gateway = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1', ...options });
  return {
    simulator,
    simUrl: sim.url,
    gateway,
    url: gateway.url,
    async close() {
      await gateway.close(100);
      await simulator.close();
    },
  };
}

/** A loopback URL on a port that was free a moment ago: connecting to it is refused. */
export async function deadUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
