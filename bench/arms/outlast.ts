import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForHttp } from '../net.ts';
import { spawnManaged } from '../processes.ts';
import { type Arm, ArmUnavailableError } from './arm.ts';

/** The gateway's config contract for the bench: one OpenAI-compatible and one Anthropic target on the mock. */
export function outlastBenchConfig(mockPort: number): string {
  return `server: { port: 0, host: 127.0.0.1 }
providers:
  - { id: mock, type: openai-compatible, base_url: "http://127.0.0.1:${mockPort}/v1", api_key: bench, max_connections: 2048 }
  - { id: mock-anthropic, type: anthropic, base_url: "http://127.0.0.1:${mockPort}", api_key: bench, max_connections: 2048 }
routes:
  - { model: bench, targets: [ { provider: mock, model: bench-model } ] }
  - { model: bench-claude, targets: [ { provider: mock-anthropic, model: bench-claude-model } ] }
`;
}

export function outlastRevision(repoRoot: string): string {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const head = git('rev-parse', '--short=12', 'HEAD') || 'no commit yet';
  const dirty = git('status', '--porcelain').length > 0 ? ' + uncommitted changes' : '';
  return head + dirty;
}

/**
 * The real gateway as a child process: `node src/cli/main.ts start` pinned to the gateway core. `config` replaces
 * the bench contract above (S7 writes its failover config); `adminKey` turns the admin API on through
 * `OUTLAST_ADMIN_KEY`, so a scenario can read `GET /admin/api/targets`.
 */
export async function startOutlastArm(options: {
  repoRoot: string;
  mockPort: number;
  cpu: number | undefined;
  env: NodeJS.ProcessEnv;
  tempDir: string;
  config?: string | undefined;
  adminKey?: string | undefined;
}): Promise<Arm> {
  const main = join(options.repoRoot, 'src/cli/main.ts');
  if (!existsSync(main)) throw new ArmUnavailableError('src/cli/main.ts does not exist yet', `ls ${main}: missing`);
  const configPath = join(options.tempDir, 'outlast.yaml');
  const dataDir = join(options.tempDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(configPath, options.config ?? outlastBenchConfig(options.mockPort));
  const port = await freePort();
  const args = [
    main,
    'start',
    '--config',
    configPath,
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--data',
    dataDir,
  ];
  const child = spawnManaged({
    name: 'outlast',
    command: process.execPath,
    args,
    cpu: options.cpu,
    cwd: options.repoRoot,
    logDir: options.tempDir,
    env: options.adminKey === undefined ? options.env : { ...options.env, OUTLAST_ADMIN_KEY: options.adminKey },
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(origin + '/healthz', { timeoutMs: 30_000, isAlive: () => child.isAlive() });
  } catch (error) {
    const evidence = child.tail(30);
    await child.stop();
    throw new ArmUnavailableError('outlast did not become healthy: ' + (error as Error).message, evidence);
  }
  return {
    name: 'outlast',
    origin,
    pid: child.pid,
    pidLabel: 'outlast',
    model: 'bench',
    headers: {},
    version: 'outlast ' + outlastRevision(options.repoRoot),
    command: `${options.adminKey === undefined ? '' : 'OUTLAST_ADMIN_KEY=<key> '}${options.cpu === undefined ? '' : `taskset -c ${options.cpu} `}node src/cli/main.ts start --config <tmp>/outlast.yaml --port ${port} --host 127.0.0.1 --data <tmp>/data`,
    evidence: () => child.tail(30),
    isAlive: () => child.isAlive(),
    stop: () => child.stop(),
  };
}
