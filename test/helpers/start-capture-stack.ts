import { parseConfigText } from '../../src/config/load-config.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve-gateway.ts';
import { createSimulator, type Simulator } from '../../src/sim/create-simulator.ts';
import { type CaptureUpstream, startCaptureUpstream } from './capture-upstream.ts';

/** A simulator, a recording relay in front of it, and a gateway whose providers point at the relay. */
export interface CaptureStack {
  /** The simulator behind the relay. */
  simulator: Simulator;
  /** The relay: every upstream request the gateway sent, as received. */
  capture: CaptureUpstream;
  /** The gateway. */
  gateway: ServedGateway;
  /** Gateway base URL. */
  url: string;
  /** Stops all three. */
  close(): Promise<void>;
}

/** Starts the three on 127.0.0.1; `${CAP}` in `configText` is the relay's URL. */
export async function startCaptureStack(configText: string): Promise<CaptureStack> {
  const simulator = createSimulator();
  const sim = await simulator.listen(0, '127.0.0.1');
  const capture = await startCaptureUpstream({ forwardTo: sim.url });
  const loaded = parseConfigText(configText, { CAP: capture.url });
  if (!loaded.ok) {
    await capture.close();
    await simulator.close();
    throw new Error(`test config invalid: ${JSON.stringify(loaded.problems)}`);
  }
  const gateway = await serveGateway(loaded.config, { port: 0, host: '127.0.0.1' });
  return {
    simulator,
    capture,
    gateway,
    url: gateway.url,
    async close() {
      await gateway.close(100);
      await capture.close();
      await simulator.close();
    },
  };
}
