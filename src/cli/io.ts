/** What a CLI command may touch: its output streams, environment and working directory. Injected so tests can run commands in-process. */
export interface CliIo {
  /** Writes a line (or text) to standard output. */
  stdout: (text: string) => void;
  /** Writes a line (or text) to standard error. */
  stderr: (text: string) => void;
  /** Environment variables the command reads (process.env in production). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Aborted when the process is asked to stop (SIGINT/SIGTERM); long-running commands return when it fires. */
  signal: AbortSignal;
}

/** A CLI command: parses its own arguments, returns the exit code (0 ok, 1 failure of what was asked, 2 usage error). */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** Creates a CliIo bound to the real process. */
export function createProcessIo(signal: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}
