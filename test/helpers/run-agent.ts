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

/** One step of a terminal session: wait until the screen text matches, then type. */
export interface TerminalStep {
  /** Matched against everything printed so far, with ANSI sequences and all white space removed. */
  waitFor: RegExp;
  /** Keys to type once it matches (`\r` is Enter). */
  send: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC and end with BEL.
const ansiSequence = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])/g;
const whiteSpace = /\s+/g;

/** What a terminal screen says, without escape sequences or white space, for matching. */
export function screenText(output: string): string {
  return output.replace(ansiSequence, '').replace(whiteSpace, '');
}

/**
 * Runs an interactive CLI in a pseudo-terminal (util-linux `script`), types each step's keys once the screen shows
 * what it waits for, and kills the whole process group when it exits or times out.
 */
export function runAgentInTerminal(options: RunAgentOptions & { steps: TerminalStep[] }): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const command = [options.bin, ...options.args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { TERM: 'xterm-256color', ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let step = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const current = options.steps[step];
      if (current?.waitFor.test(screenText(stdout))) {
        step += 1;
        child.stdin.write(current.send);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on('error', () => {});
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
