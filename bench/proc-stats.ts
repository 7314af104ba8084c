/** CPU time and memory of a process under test, read from /proc (Linux only). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicksPerSecond: number | undefined;

/** sysconf(_SC_CLK_TCK), the unit of utime/stime in /proc/<pid>/stat (almost always 100). */
export function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** utime + stime of the process (all its threads), in microseconds; undefined once it is gone. */
export function cpuMicros(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (comm) may hold spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After comm, field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / clockTicks();
}

export type Memory = {
  /** VmRSS, resident set now, in MB. */
  rssMb: number;
  /** VmHWM, the resident high-water mark since start, in MB. */
  hwmMb: number;
};

export function memory(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match === null ? Number.NaN : Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Samples VmRSS every `intervalMs` until stopped; returns the highest value seen, in MB. */
export function startRssSampler(pid: number, intervalMs = 100): { stop(): number } {
  let peak = 0;
  const sample = (): void => {
    const current = memory(pid);
    if (current !== undefined && current.rssMb > peak) peak = current.rssMb;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): number {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** CPU used by `pid` over a window: call start() before, end(requests) after. */
export function cpuWindow(pid: number | undefined): { end(requests: number): CpuUse | undefined } {
  const before = pid === undefined ? undefined : cpuMicros(pid);
  const startedAt = performance.now();
  return {
    end(requests: number): CpuUse | undefined {
      if (pid === undefined || before === undefined) return undefined;
      const after = cpuMicros(pid);
      if (after === undefined) return undefined;
      const wallMs = performance.now() - startedAt;
      const usedMicros = after - before;
      return {
        cpuMs: usedMicros / 1000,
        utilization: usedMicros / 1000 / wallMs,
        microsPerRequest: requests > 0 ? usedMicros / requests : Number.NaN,
      };
    },
  };
}

export type CpuUse = {
  /** utime + stime over the window. */
  cpuMs: number;
  /** cpuMs / wall time: 1.0 = one core busy. */
  utilization: number;
  microsPerRequest: number;
};

/**
 * Jiffies of one CPU from /proc/stat: `busy` is all but idle and iowait; `process` is user, nice,
 * system and steal (time a process or the host took), leaving out irq and softirq, which on
 * loopback are mostly our own packets and are not charged to any pid.
 */
function coreTicks(cpu: number): { busy: number; process: number; total: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const line = stat.split('\n').find((candidate) => candidate.startsWith(`cpu${cpu} `));
  if (line === undefined) return undefined;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is inside user.
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const at = (index: number): number => values[index] ?? 0;
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - at(3) - at(4), process: at(0) + at(1) + at(2) + at(7), total };
}

/**
 * How busy a core was over a window (0..1), whoever used it. Set against the process under test's
 * own utilization, it shows foreign load on the gateway core (other work on a shared machine).
 */
export function coreWindow(cpu: number | undefined): { end(): number | undefined } {
  const before = cpu === undefined ? undefined : coreTicks(cpu);
  return {
    end(): number | undefined {
      if (cpu === undefined || before === undefined) return undefined;
      const after = coreTicks(cpu);
      if (after === undefined || after.total === before.total) return undefined;
      return (after.busy - before.busy) / (after.total - before.total);
    },
  };
}

/**
 * Load on `cpu` over a window that does not come from `pids` (0..1): other work on a shared
 * machine competing with the process under test. Meant for the gateway core, with the pids of
 * the processes pinned there.
 */
export function foreignLoadWindow(cpu: number | undefined, pids: number[]): { end(): number | undefined } {
  const before = cpu === undefined ? undefined : coreTicks(cpu);
  const ownBefore = pids.map((pid) => cpuMicros(pid) ?? 0);
  return {
    end(): number | undefined {
      if (cpu === undefined || before === undefined) return undefined;
      const after = coreTicks(cpu);
      if (after === undefined || after.total === before.total) return undefined;
      const ownMicros = pids.reduce((sum, pid, index) => sum + ((cpuMicros(pid) ?? 0) - ownBefore[index]!), 0);
      const ownTicks = (ownMicros * clockTicks()) / 1e6;
      return Math.max(0, (after.process - before.process - ownTicks) / (after.total - before.total));
    },
  };
}
