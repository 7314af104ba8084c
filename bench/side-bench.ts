import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine, type Machine, pinSelf } from './environment.ts';
import { postJson } from './net.ts';
import { installCleanupHooks, type ManagedProcess, makeTempDir, spawnManaged } from './processes.ts';

/** What a side bench (bench:features, bench:responses) starts with: the machine, a temp dir and the bench mock. */
export interface SideBenchSetUp {
  machine: Machine;
  tempDir: string;
  mock: ManagedProcess;
  mockPort: number;
}

/**
 * Pins this process to the load core, starts the bench mock there (answering at once, `mockSettings` on top) and
 * makes a temp dir; the caller stops the mock and removes the dir.
 */
export async function setUpSideBench(options: {
  repoRoot: string;
  loadCpu: number;
  tempPrefix: string;
  mockSettings?: Record<string, unknown>;
}): Promise<SideBenchSetUp> {
  installCleanupHooks();
  pinSelf(options.loadCpu);
  const machine = describeMachine();
  const tempDir = makeTempDir(options.tempPrefix);
  const mock = spawnManaged({
    name: 'mock',
    command: process.execPath,
    args: [join(options.repoRoot, 'bench/mock-upstream.ts'), '--port', '0'],
    cpu: options.loadCpu,
    logDir: tempDir,
  });
  const mockPort = await mock.waitForListening(15_000);
  await postJson(`http://127.0.0.1:${mockPort}/__control`, {
    latencyMs: 0,
    jitterMs: 0,
    mode: 'healthy',
    ...options.mockSettings,
  });
  return { machine, tempDir, mock, mockPort };
}

/**
 * Writes `section` (which starts with `<!-- name:start -->` and ends with `<!-- name:end -->`) into the Markdown file
 * at `path`, replacing the previous section of that name, or appending it when there is none.
 */
export function replaceSection(path: string, name: string, section: string): void {
  const startMarker = `<!-- ${name}:start -->`;
  const endMarker = `<!-- ${name}:end -->`;
  let text = readFileSync(path, 'utf8');
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start !== -1 && end !== -1) text = text.slice(0, start) + section + text.slice(end + endMarker.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
}

/** Writes a run's raw record to `bench/results/<prefix>-<time>.json`; returns the file's path. */
export function saveRecord(repoRoot: string, prefix: string, at: string, record: unknown): string {
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}-${at.replaceAll(':', '-')}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}
