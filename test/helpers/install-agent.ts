import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A coding agent CLI installed from the npm registry into a scratch folder outside the project. */
export type InstalledAgent = { ok: true; bin: string; folder: string } | { ok: false; reason: string };

/** What to install. */
export interface InstallAgentOptions {
  /** npm package, e.g. `@anthropic-ai/claude-code`. */
  packageName: string;
  /** Pinned version. */
  version: string;
  /** Name of the executable in `node_modules/.bin`. */
  bin: string;
  /** Folder name prefix under `<tmpdir>/outlast-agents/`, e.g. `claude-code`. */
  folderPrefix: string;
  /** Longest time a first install may take. */
  installTimeoutMs?: number;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ ok: error === null, output: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

/** The first lines of npm's error output that say what went wrong (no stack frames). */
function summarize(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line !== '' && line !== 'npm error' && !/^(npm error\s+)?at /.test(line) && !line.includes('nodedir'),
    );
  return lines.slice(0, 3).join(' | ').slice(0, 400);
}

/**
 * Installs a pinned agent CLI into `<os tmpdir>/outlast-agents/<prefix>-<version>` with `npm install --prefix`, never
 * into the project's dependencies, and reuses that folder when the binary there already answers `--version`.
 * Resolves with the reason when it cannot (no registry access, unsupported platform), so the caller can skip.
 */
export async function installAgent(options: InstallAgentOptions): Promise<InstalledAgent> {
  if (process.env.OUTLAST_SKIP_AGENT_TESTS === '1') return { ok: false, reason: 'OUTLAST_SKIP_AGENT_TESTS=1' };
  const folder = join(tmpdir(), 'outlast-agents', `${options.folderPrefix}-${options.version}`);
  const bin = join(folder, 'node_modules', '.bin', options.bin);
  if (existsSync(bin) && (await run(bin, ['--version'], 30_000)).ok) return { ok: true, bin, folder };
  await mkdir(folder, { recursive: true });
  const spec = `${options.packageName}@${options.version}`;
  const installed = await run(
    'npm',
    ['install', '--prefix', folder, spec, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'],
    options.installTimeoutMs ?? 300_000,
  );
  if (!installed.ok) {
    return { ok: false, reason: `npm install ${spec} failed: ${summarize(installed.output)}` };
  }
  const version = await run(bin, ['--version'], 30_000);
  if (!version.ok)
    return {
      ok: false,
      reason: `${spec} installed but \`${options.bin} --version\` failed: ${summarize(version.output)}`,
    };
  return { ok: true, bin, folder };
}
