// The npm registry reachable from this workplace serves only the linux-gnu builds of packages that ship one binary
// package per platform, so `npm install` leaves the other platforms out of package-lock.json and `npm ci` then
// refuses the lock as out of sync. This adds the missing optional entries with their os/cpu/libc, exactly as a full
// registry would: npm ci skips them on a platform they do not match and fetches them by version where they do.
// Run after any change to the dependencies: node scripts/complete-lockfile.ts
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  dev?: boolean;
  license?: string;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const platforms: Record<string, { os: string; cpu: string; libc?: string }> = {
  'android-arm64': { os: 'android', cpu: 'arm64' },
  'android-x64': { os: 'android', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'linux-arm64-musl': { os: 'linux', cpu: 'arm64', libc: 'musl' },
  'linux-x64-musl': { os: 'linux', cpu: 'x64', libc: 'musl' },
  'win32-arm64': { os: 'win32', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
};

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] !== undefined) continue;
    const suffix = Object.keys(platforms).find((platform) => name.endsWith(`-${platform}`));
    if (suffix === undefined) {
      console.error(`${location}: ${name} is missing and its platform is unknown; add it by hand`);
      process.exitCode = 1;
      continue;
    }
    const platform = platforms[suffix]!;
    lock.packages[key] = {
      version,
      ...(entry.dev === true ? { dev: true } : {}),
      ...(entry.license === undefined ? {} : { license: entry.license }),
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.libc === undefined ? {} : { libc: [platform.libc] }),
      ...(entry.engines === undefined ? {} : { engines: entry.engines }),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform entries added`);
