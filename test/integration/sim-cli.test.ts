import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/commands/sim.ts';
import type { CliIo } from '../../src/cli/io.ts';

function captureIo(signal: AbortSignal): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: process.cwd(),
    signal,
  };
}

async function waitForLine(lines: string[], pattern: RegExp): Promise<RegExpMatchArray> {
  for (let attempt = 0; attempt < 200; attempt++) {
    for (const line of lines) {
      const match = line.match(pattern);
      if (match) return match;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`no line matched ${pattern}`);
}

describe('outlast sim', () => {
  it('prints its URL, serves with the knobs given, and returns 0 when the signal aborts', async () => {
    const controller = new AbortController();
    const io = captureIo(controller.signal);
    const exit = run(['--port', '0', '--answer-tokens', '4', '--latency-ms', '1'], io);
    const [, url] = await waitForLine(io.out, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]?.message.content.split(' ').length, 4);
    const config = (await (await fetch(`${url}/sim/config`)).json()) as { latencyMs: number };
    assert.equal(config.latencyMs, 1);
    controller.abort();
    assert.equal(await exit, 0);
    await assert.rejects(fetch(`${url}/sim/stats`));
  });

  it('prints the usage and returns 0 on --help', async () => {
    const io = captureIo(new AbortController().signal);
    assert.equal(await run(['--help'], io), 0);
    assert.match(io.out.join('\n'), /--tokens-per-second/);
  });

  it('returns 2 on an unknown flag or a bad number', async () => {
    for (const args of [['--bogus'], ['--port', 'x'], ['--answer-tokens', '1.5'], ['--ttft-ms', '-3'], ['extra']]) {
      const io = captureIo(new AbortController().signal);
      assert.equal(await run(args, io), 2, args.join(' '));
      assert.match(io.err.join('\n'), /^outlast sim: /);
    }
  });

  it('returns 1 when the port is taken', async () => {
    const controller = new AbortController();
    const first = captureIo(controller.signal);
    const exit = run(['--port', '0'], first);
    const [, port] = await waitForLine(first.out, /listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const second = captureIo(new AbortController().signal);
    assert.equal(await run(['--port', String(port)], second), 1);
    controller.abort();
    assert.equal(await exit, 0);
  });
});
