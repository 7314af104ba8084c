/**
 * wrk (Debian's package) as the throughput driver: a generated Lua script sets the POST body and
 * headers and prints the window as one JSON line. Absent wrk, callers use the closed-loop driver.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedRequest } from '../payloads.ts';
import type { LoadWindow } from './closed-loop.ts';

/** `wrk -v` first line, or undefined when wrk is not installed. */
export function detectWrk(): string | undefined {
  // wrk -v prints its version and usage, then exits 1.
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (result.error !== undefined) return undefined;
  const output = (result.stdout ?? '') + (result.stderr ?? '');
  const first = output.split('\n')[0]?.trim() ?? '';
  return first.startsWith('wrk') ? first : undefined;
}

function luaString(text: string): string {
  let level = '=';
  while (text.includes(']' + level + ']')) level += '=';
  return '[' + level + '[' + text + ']' + level + ']';
}

/** Writes the Lua script for one request shape; returns its path. */
export function writeWrkScript(dir: string, name: string, request: PreparedRequest): string {
  const headers = Object.entries(request.headers)
    .map(([key, value]) => `wrk.headers[ ${luaString(key)} ] = ${luaString(value)}`)
    .join('\n');
  const script = `wrk.method = "POST"
wrk.body = ${luaString(request.body.toString('utf8'))}
${headers}

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;
  const path = join(dir, `wrk-${name}.lua`);
  writeFileSync(path, script);
  return path;
}

type WrkJson = {
  requests: number;
  duration_us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50_us: number;
  p99_us: number;
  max_us: number;
};

/** One wrk window, pinned to `cpu`; one thread (the load generator has one core). */
export function runWrk(options: {
  origin: string;
  path: string;
  script: string;
  concurrency: number;
  durationS: number;
  cpu: number;
}): Promise<LoadWindow> {
  const args = [
    '-c',
    String(options.cpu),
    'wrk',
    '-t1',
    `-c${options.concurrency}`,
    `-d${options.durationS}s`,
    '--timeout',
    '5s',
    '-s',
    options.script,
    options.origin + options.path,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: (options.durationS + 30) * 1000,
    });
    let output = '';
    child.stdout.on('data', (part: Buffer) => {
      output += part.toString();
    });
    child.stderr.on('data', (part: Buffer) => {
      output += part.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('WRKJSON '));
      if (line === undefined) {
        reject(new Error(`wrk exited ${code} without a summary:\n${output.slice(-1000)}`));
        return;
      }
      const parsed = JSON.parse(line.slice('WRKJSON '.length)) as WrkJson;
      const errors = parsed.connect + parsed.read + parsed.write + parsed.status + parsed.timeout;
      const durationMs = parsed.duration_us / 1000;
      // wrk counts non-2xx/3xx answers in both `requests` and `status`.
      const good = parsed.requests - parsed.status;
      resolve({
        requests: good,
        errors,
        firstError:
          errors > 0
            ? `wrk errors: connect ${parsed.connect}, read ${parsed.read}, write ${parsed.write}, status ${parsed.status}, timeout ${parsed.timeout}`
            : undefined,
        durationMs,
        rps: (good / durationMs) * 1000,
        p50Ms: parsed.p50_us / 1000,
        p99Ms: parsed.p99_us / 1000,
        maxMs: parsed.max_us / 1000,
      });
    });
  });
}
