import { execFileSync } from 'node:child_process';
import { freePort, waitForHttp } from '../net.ts';
import { installPortkey } from '../portkey.ts';
import { spawnManaged } from '../processes.ts';
import { type Arm, ArmUnavailableError } from './arm.ts';

/** Portkey 1.15.2 from npm, in a scratch folder, forced onto loopback, pinned to the gateway core. */
export async function startPortkeyArm(options: {
  mockPort: number;
  cpu: number | undefined;
  env: NodeJS.ProcessEnv;
  tempDir: string;
  log: (line: string) => void;
}): Promise<Arm> {
  let install: Awaited<ReturnType<typeof installPortkey>>;
  try {
    install = await installPortkey(options.tempDir, options.log);
  } catch (error) {
    throw new ArmUnavailableError('portkey install failed', (error as Error).message);
  }
  // Only `--port=N` is honoured; 8787 is its default, any free port if that one is taken.
  let port = 8787;
  if (!(await isFree(port))) port = await freePort();
  const args = ['-r', install.preload, install.entry, `--port=${port}`, '--headless'];
  const child = spawnManaged({
    name: 'portkey',
    command: process.execPath,
    args,
    cpu: options.cpu,
    cwd: install.dir,
    logDir: options.tempDir,
    env: options.env,
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(origin + '/', { timeoutMs: 30_000, isAlive: () => child.isAlive() });
  } catch (error) {
    const evidence = child.tail(30);
    await child.stop();
    throw new ArmUnavailableError('portkey did not answer GET /: ' + (error as Error).message, evidence);
  }
  // It has no bind option: refuse to benchmark it if the preload did not keep it on loopback.
  const sockets = listeningSockets(port);
  const locals = sockets
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[3] ?? '')
    .filter((local) => local !== '');
  if (locals.length === 0 || locals.some((local) => local !== `127.0.0.1:${port}`)) {
    await child.stop();
    throw new ArmUnavailableError('portkey is not bound to 127.0.0.1 only', sockets);
  }
  const versions = Object.entries(install.versions)
    .map(([name, version]) => `${name}@${version}`)
    .join(', ');
  return {
    name: 'portkey',
    origin,
    pid: child.pid,
    pidLabel: 'portkey',
    model: 'bench-model',
    headers: {
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${options.mockPort}/v1`,
    },
    version: versions,
    command:
      `${options.cpu === undefined ? '' : `taskset -c ${options.cpu} `}node -r ./force-loopback.cjs ` +
      `node_modules/@portkey-ai/gateway/build/start-server.js --port=${port} --headless (ss: 127.0.0.1:${port} only)`,
    evidence: () => child.tail(30) + '\n' + listeningSockets(port),
    isAlive: () => child.isAlive(),
    stop: () => child.stop(),
  };
}

/** `ss -ltn` lines for the port: shows the bind address (evidence that it is loopback only). */
export function listeningSockets(port: number): string {
  try {
    return execFileSync('ss', ['-ltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
  } catch {
    return '(ss not available)';
  }
}

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
