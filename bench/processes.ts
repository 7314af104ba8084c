/**
 * Child processes and temp dirs of a bench run. Every child gets its own process group
 * (detached) so stopping it also stops what it spawned; everything still alive when the harness
 * exits, fails or is interrupted is killed, and every temp dir is removed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ManagedProcess = {
  name: string;
  /** The pid of the program itself (taskset execs it, so this is the process under test). */
  pid: number;
  logPath: string;
  /** Resolves when the process exits, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  /** The last lines of its combined stdout/stderr (evidence for a report). */
  tail(lines?: number): string;
  /** Waits for a stdout/stderr line that parses as JSON with event === 'listening', returns its port. */
  waitForListening(timeoutMs: number): Promise<number>;
  /** The same, with the whole line: the bench mock also prints `at`, the epoch ms it started listening. */
  waitForListeningEvent(timeoutMs: number): Promise<ListeningEvent>;
  stop(): Promise<void>;
};

export type ListeningEvent = { event: 'listening'; port: number; at?: number; controlPort?: number };

export type SpawnOptions = {
  name: string;
  command: string;
  args: string[];
  /** Pin to this CPU with taskset. */
  cpu?: number | undefined;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Folder for the log file. */
  logDir: string;
};

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooksInstalled = false;
let spawnCount = 0;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function cleanupSync(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Installs exit, signal and crash hooks once; idempotent. */
export function installCleanupHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping children`);
      cleanupSync();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    console.error('bench: uncaught', error);
    cleanupSync();
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    console.error('bench: unhandled rejection', error);
    cleanupSync();
    process.exit(1);
  });
}

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function spawnManaged(options: SpawnOptions): ManagedProcess {
  installCleanupHooks();
  // One log per start: a restarted process must not find its predecessor's lines.
  spawnCount++;
  const logPath = join(options.logDir, `${options.name}-${spawnCount}.log`);
  const logFd = openSync(logPath, 'a');
  const command = options.cpu === undefined ? options.command : 'taskset';
  const args = options.cpu === undefined ? options.args : ['-c', String(options.cpu), options.command, ...options.args];
  // Output goes straight to a file: the harness never sits on the child's stdout path.
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  if (child.pid === undefined) throw new Error(`bench: could not start ${options.name} (${command})`);
  live.add(child);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      live.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      alive = false;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
  });

  const tail = (lines = 20): string => {
    try {
      return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const waitForListeningEvent = async (timeoutMs: number): Promise<ListeningEvent> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const line of tail(200).split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(line) as { event?: string; port?: number; at?: number };
          if (parsed.event === 'listening' && typeof parsed.port === 'number') return parsed as ListeningEvent;
        } catch {
          // Not our line.
        }
      }
      if (!alive) throw new Error(`${options.name} exited before listening:\n${tail()}`);
      await sleep(5);
    }
    throw new Error(`${options.name} did not listen within ${timeoutMs} ms:\n${tail()}`);
  };

  return {
    name: options.name,
    pid: child.pid,
    logPath,
    exited,
    isAlive: () => alive,
    tail,
    async waitForListening(timeoutMs: number): Promise<number> {
      return (await waitForListeningEvent(timeoutMs)).port;
    },
    waitForListeningEvent,
    async stop(): Promise<void> {
      if (!alive) return;
      killGroup(child, 'SIGTERM');
      const timeout = sleep(3000).then(() => 'timeout' as const);
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
