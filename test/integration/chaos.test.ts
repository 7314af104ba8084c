import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run as runChaos } from '../../src/cli/commands/chaos.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { startFakeClockStack } from '../helpers/start-fake-clock-stack.ts';

const admin = { authorization: 'Bearer admin-key', 'content-type': 'application/json' };

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function captureIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
}

test('the faults admin API needs the admin key and names a wrong field', async () => {
  const { stack } = await startFakeClockStack();
  try {
    const faults = `${stack.url}/admin/api/faults`;
    const body = JSON.stringify({ provider: 'primary', status: 503, rate: 0.5, for: '10m' });
    assert.equal((await call(faults, { method: 'POST', body })).status, 401);
    assert.equal((await call(faults, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const added = await call(faults, { method: 'POST', headers: admin, body });
    assert.equal(added.status, 201);
    const fault = added.body.fault as { id: string; rate: number; expiresAt: number; createdAt: number };
    assert.equal(fault.rate, 0.5);
    assert.equal(fault.expiresAt - fault.createdAt, 600_000);
    const bad = await call(faults, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ provider: 'p', rate: 2 }),
    });
    assert.equal(bad.status, 400);
    assert.equal((bad.body.error as { code: string }).code, 'invalid_fault');
    assert.match((bad.body.error as { message: string }).message, /^rate: /);
    const unknown = await call(faults, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ provider: 'p', x: 1 }),
    });
    assert.match((unknown.body.error as { message: string }).message, /unknown field\(s\) x/);
    const notJson = await call(faults, { method: 'POST', headers: admin, body: '{' });
    assert.equal((notJson.body.error as { code: string }).code, 'invalid_json');
    const listed = await call(faults, { headers: admin });
    assert.deepEqual(
      (listed.body.faults as { id: string }[]).map((entry) => entry.id),
      [fault.id],
    );
    assert.equal((await call(`${faults}/flt_nope`, { method: 'DELETE', headers: admin })).status, 404);
    assert.equal((await call(`${faults}/${fault.id}`, { method: 'DELETE', headers: admin })).status, 200);
    assert.deepEqual((await call(faults, { headers: admin })).body.faults, []);
  } finally {
    await stack.close();
  }
});

test('an injected 503 fails traffic over, opens an incident, and shows as chaos in /admin/api/health', async () => {
  const { stack, monitor, run } = await startFakeClockStack();
  try {
    await run(6);
    const before = stack.simulator.stats().by_model['gpt-primary'] ?? 0;
    const added = await call(`${stack.url}/admin/api/faults`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ provider: 'primary', status: 503, for: '10m' }),
    });
    assert.equal(added.status, 201);
    const answer = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer client', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-outlast-provider'), 'backup');
    assert.equal(answer.headers.get('x-outlast-fallback'), 'true');
    await answer.text();
    await run(30, 2, () => monitor.incidents({ status: 'open', provider: 'primary' }).length > 0);
    const open = monitor.incidents({ status: 'open', provider: 'primary' }).filter((incident) => !incident.parentId);
    assert.equal(open.length, 1, 'the monitor sees the outage');
    assert.equal(stack.simulator.stats().by_model['gpt-primary'] ?? 0, before, 'no request reached the real primary');
    const targets = (await call(`${stack.url}/admin/api/targets`, { headers: admin })).body.targets as {
      provider: string;
      breaker: { state: string };
    }[];
    assert.notEqual(targets.find((target) => target.provider === 'primary')?.breaker.state, 'closed');
    const health = await call(`${stack.url}/admin/api/health`, { headers: admin });
    assert.equal((health.body.chaos as { active: boolean }).active, true);
  } finally {
    await stack.close();
  }
});

test('a fault expires by itself on the gateway clock, and traffic goes back to the primary', async () => {
  const { stack, clock } = await startFakeClockStack();
  try {
    await call(`${stack.url}/admin/api/faults`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ provider: 'primary', status: 500, for: '1m' }),
    });
    clock.ms += 60_000;
    assert.deepEqual((await call(`${stack.url}/admin/api/faults`, { headers: admin })).body.faults, []);
    const health = await call(`${stack.url}/admin/api/health`, { headers: admin });
    assert.deepEqual(health.body.chaos, { active: false, faults: [] });
    const answer = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer client', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(answer.headers.get('x-outlast-provider'), 'primary');
    await answer.text();
  } finally {
    await stack.close();
  }
});

test('outlast chaos adds, lists and clears faults with OUTLAST_ADMIN_KEY, and refuses bad input', async () => {
  const { stack } = await startFakeClockStack();
  try {
    const io = captureIo({ OUTLAST_ADMIN_KEY: 'admin-key' });
    const args = ['--url', stack.url];
    assert.equal(
      await runChaos(['--target', 'primary/gpt-*', '--fail', '503', '--rate', '0.5', '--for', '10m', ...args], io),
      0,
      io.err.join('\n'),
    );
    assert.match(io.out.join('\n'), /primary\/gpt-\*\s+503\s+0\.5/);
    assert.equal(await runChaos(['--list', ...args], io), 0);
    assert.match(io.out.at(-1) ?? '', /^ID\s+TARGET/);
    assert.equal(await runChaos(['--clear', ...args], io), 0);
    assert.match(io.out.at(-1) ?? '', /removed 1 fault/);
    const noKey = captureIo({});
    assert.equal(await runChaos(['--list', ...args], noKey), 1);
    assert.match(noKey.err.join('\n'), /OUTLAST_ADMIN_KEY/);
    const wrongKey = captureIo({ OUTLAST_ADMIN_KEY: 'nope' });
    assert.equal(await runChaos(['--list', ...args], wrongKey), 1);
    assert.match(wrongKey.err.join('\n'), /401/);
    const badRate = captureIo({ OUTLAST_ADMIN_KEY: 'admin-key' });
    assert.equal(await runChaos(['--target', 'primary', '--rate', '2', ...args], badRate), 2);
    assert.match(badRate.err.join('\n'), /rate: /);
    assert.equal(await runChaos([...args], badRate), 2);
  } finally {
    await stack.close();
  }
});
