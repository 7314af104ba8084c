/**
 * Installs the Portkey peer (`@portkey-ai/gateway`) into a scratch folder, never the project's
 * dependencies. `@hono/node-server` is pinned to 1.13.5 (and `hono` to 4.9.7, the pair that
 * worked in shared/reference/peer-portkey.md section 7): with newer adapters every streaming
 * request answers 500 (`TypeError: immutable`, Portkey issues #1389 and #1550).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PORTKEY_VERSION = '1.15.2';
export const PORTKEY_OVERRIDES = { '@hono/node-server': '1.13.5', hono: '4.9.7' } as const;

/**
 * Portkey's server has no bind option and listens on every interface: this preload forces any
 * `listen` without a host onto 127.0.0.1.
 */
export const FORCE_LOOPBACK_CJS = `'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first !== null && typeof first === 'object' && first.path === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
`;

export type PortkeyInstall = {
  dir: string;
  entry: string;
  preload: string;
  /** Versions actually installed, read back from node_modules. */
  versions: Record<string, string>;
};

export async function installPortkey(dir: string, log: (line: string) => void): Promise<PortkeyInstall> {
  const entry = join(dir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const preload = join(dir, 'force-loopback.cjs');
  if (existsSync(entry) && existsSync(preload)) return describeInstall(dir, entry, preload);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'outlast-bench-portkey', private: true, overrides: PORTKEY_OVERRIDES }, null, 2),
  );
  writeFileSync(preload, FORCE_LOOPBACK_CJS);
  const args = [
    'install',
    `@portkey-ai/gateway@${PORTKEY_VERSION}`,
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--loglevel=error',
  ];
  log(`portkey: npm ${args.join(' ')} (in ${dir})`);
  const output = await run('npm', args, dir, 240_000);
  if (!existsSync(entry)) throw new Error(`portkey install produced no ${entry}:\n${output.slice(-2000)}`);
  return describeInstall(dir, entry, preload);
}

function describeInstall(dir: string, entry: string, preload: string): PortkeyInstall {
  const versionOf = (name: string): string => {
    try {
      return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
        .version;
    } catch {
      return 'missing';
    }
  };
  return {
    dir,
    entry,
    preload,
    versions: {
      '@portkey-ai/gateway': versionOf('@portkey-ai/gateway'),
      '@hono/node-server': versionOf('@hono/node-server'),
      hono: versionOf('hono'),
    },
  };
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (part: Buffer) => {
      output += part.toString();
    });
    child.stderr.on('data', (part: Buffer) => {
      output += part.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code ?? signal}:\n${output.slice(-2000)}`));
    });
  });
}
