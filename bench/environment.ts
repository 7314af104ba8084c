/** Versions and machine facts recorded with every run. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

export type Machine = {
  nproc: number;
  cpuModel: string;
  kernel: string;
  memoryGb: number;
  clockSource: string;
};

export function describeMachine(): Machine {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // Keep os.cpus().
  }
  let clockSource = 'unknown';
  try {
    clockSource = readFileSync('/sys/devices/system/clocksource/clocksource0/current_clocksource', 'utf8').trim();
  } catch {
    // Not exposed here.
  }
  return {
    nproc,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    kernel: release(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    clockSource,
  };
}

export function packageVersion(repoRoot: string, name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'not installed';
  }
}

/** Pins this process (all its threads) to `cpu`; returns false when taskset is missing or fails. */
export function pinSelf(cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
