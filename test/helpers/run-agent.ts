import { spawn } from 'node:child_process';

/** How an agent CLI run ended. */
export interface AgentRun {
  /** Exit code (null when killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed at `timeoutMs`. */
  timedOut: boolean;
}

/** What to run. */
export interface RunAgentOptions {
  /** The executable. */
  bin: string;
  args: string[];
  /** Working directory (a scratch folder). */
  cwd: string;
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
  /** The run and everything it started are killed after this long. */
  timeoutMs: number;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/**
 * Runs an agent CLI in its own process group with stdin closed, collects its output, and kills the whole group when
 * it ends or times out, so no tool process it started outlives the test.
 */
export function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.bin, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(child.pid);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
