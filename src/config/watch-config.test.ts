import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { ConfigProblem } from './load-config.ts';
import type { OutlastConfig } from './schema.ts';
import { watchConfig } from './watch-config.ts';

type WatchEvent = { kind: 'reload'; config: OutlastConfig } | { kind: 'invalid'; problems: ConfigProblem[] };

const configWithPort = (port: number) =>
  `server: { port: ${port} }\nproviders: [{ id: a, type: openai, api_key: "\${KEY}" }]\n`;

let directory: string;
let file: string;
let events: WatchEvent[];
let waiters: (() => void)[];
let watcher: { close(): void } | undefined;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'outlast-watch-'));
  file = path.join(directory, 'outlast.yaml');
  fs.writeFileSync(file, configWithPort(1000));
  events = [];
  waiters = [];
});

afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

function record(event: WatchEvent): void {
  events.push(event);
  for (const wake of waiters.splice(0)) wake();
}

function start(): void {
  watcher = watchConfig({
    path: file,
    env: { KEY: 'k' },
    debounceMs: 20,
    onReload: (config) => record({ kind: 'reload', config }),
    onInvalid: (problems) => record({ kind: 'invalid', problems }),
  });
}

async function nextEvent(count: number): Promise<WatchEvent> {
  const deadline = Date.now() + 2000;
  while (events.length < count) {
    if (Date.now() > deadline) assert.fail(`no watch event after 2 s (have ${events.length})`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 50);
    });
  }
  return events[count - 1]!;
}

/** Writes like an editor that saves atomically: a temporary file renamed over the config. */
function replaceFile(text: string): void {
  const temporary = path.join(directory, '.outlast.yaml.tmp');
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

test('reloads when the file is replaced with a valid config', async () => {
  start();
  replaceFile(configWithPort(2000));
  const event = await nextEvent(1);
  assert.equal(event.kind, 'reload');
  assert.equal(event.kind === 'reload' && event.config.server.port, 2000);
  assert.ok(event.kind === 'reload' && Object.isFrozen(event.config));
});

test('reports every problem of an invalid change and reloads once it is fixed', async () => {
  start();
  fs.writeFileSync(file, 'server: { port: -1 }\nproviders: [{ id: a, type: nope }]\n');
  const invalid = await nextEvent(1);
  assert.equal(invalid.kind, 'invalid');
  assert.deepEqual(invalid.kind === 'invalid' && invalid.problems.map((problem) => problem.path), [
    'server.port',
    'providers[0].type',
  ]);
  fs.writeFileSync(file, configWithPort(3000));
  const fixed = await nextEvent(2);
  assert.equal(fixed.kind === 'reload' && fixed.config.server.port, 3000);
});

test('ignores a write that leaves the content unchanged and changes to other files', async () => {
  start();
  fs.writeFileSync(file, configWithPort(1000));
  fs.writeFileSync(path.join(directory, 'other.yaml'), 'x: 1');
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.deepEqual(events, []);
  fs.writeFileSync(file, configWithPort(4000));
  assert.equal((await nextEvent(1)).kind, 'reload');
  assert.equal(events.length, 1);
});

test('reports nothing after close', async () => {
  start();
  watcher?.close();
  fs.writeFileSync(file, configWithPort(5000));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(events, []);
});
