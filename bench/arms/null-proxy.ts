import { fileURLToPath } from 'node:url';
import { spawnManaged } from '../processes.ts';
import { type Arm, ArmUnavailableError } from './arm.ts';

const NULL_PROXY = fileURLToPath(new URL('../null-proxy.ts', import.meta.url));

/** `bench/null-proxy.ts` on the gateway's core: the Node floor. */
export async function startNullProxyArm(options: {
  mockOrigin: string;
  cpu: number | undefined;
  env: NodeJS.ProcessEnv;
  logDir: string;
}): Promise<Arm> {
  const args = [NULL_PROXY, '--upstream', options.mockOrigin, '--port', '0', '--connections', '2048'];
  const child = spawnManaged({
    name: 'null-proxy',
    command: process.execPath,
    args,
    cpu: options.cpu,
    logDir: options.logDir,
    env: options.env,
  });
  let port: number;
  try {
    port = await child.waitForListening(15_000);
  } catch (error) {
    await child.stop();
    throw new ArmUnavailableError((error as Error).message, child.tail());
  }
  return {
    name: 'null-proxy',
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid,
    pidLabel: 'null proxy',
    model: 'bench-model',
    headers: {},
    version: 'bench/null-proxy.ts (node:http + undici.request, Agent 2048 connections)',
    command: `${options.cpu === undefined ? '' : `taskset -c ${options.cpu} `}node bench/null-proxy.ts --upstream ${options.mockOrigin}`,
    evidence: () => child.tail(),
    isAlive: () => child.isAlive(),
    stop: () => child.stop(),
  };
}
