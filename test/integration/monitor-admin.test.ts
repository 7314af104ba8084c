import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import type { CliIo } from '../../src/cli/io.ts';
import { startFakeClockStack } from '../helpers/start-fake-clock-stack.ts';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: { OUTLAST_ADMIN_KEY: 'admin-key' },
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
}

const admin = { authorization: 'Bearer admin-key' };

test('the admin API, the SSE stream and the status, incidents and sla commands show one incident', async () => {
  const { stack, monitor, run } = await startFakeClockStack();
  try {
    const events = await request(`${stack.url}/admin/api/events`, { headers: admin });
    assert.equal(events.headers['content-type'], 'text/event-stream');
    const received: string[] = [];
    events.body.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));

    await run(10);
    stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
    await run(20);

    const health = (await (await request(`${stack.url}/admin/api/health`, { headers: admin })).body.json()) as {
      targets: { provider: string; state: string; breaker: string }[];
    };
    assert.ok(!JSON.stringify(health).includes('secret'), 'no provider key in the health report');
    const primary = health.targets.find((target) => target.provider === 'primary');
    assert.notEqual(primary?.state, 'operational');
    assert.equal(primary?.breaker, 'open', 'the breaker that moves traffic is the one shown');
    const listed = (await (await request(`${stack.url}/admin/api/incidents`, { headers: admin })).body.json()) as {
      incidents: {
        id: string;
        provider: string;
        status: string;
        severity: string;
        opened_at: number;
        timeline: unknown[];
        parent_id?: string;
      }[];
    };
    const incident = listed.incidents.find((entry) => entry.parent_id === undefined);
    assert.ok(incident);
    assert.equal(incident.provider, 'primary');
    assert.equal(incident.status, 'open');
    assert.equal(typeof incident.opened_at, 'number');
    assert.ok(!JSON.stringify(listed).includes('sk-primary-secret'), 'no provider key in admin answers');

    const badNote = await request(`${stack.url}/admin/api/incidents/${incident.id}/notes`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 42 }),
    });
    assert.equal(badNote.statusCode, 400);
    assert.equal(((await badNote.body.json()) as { error: { code: string } }).error.code, 'invalid_request');
    const note = await request(`${stack.url}/admin/api/incidents/${incident.id}/notes`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Switched the support bot to the backup.', author: 'ana' }),
    });
    assert.equal(note.statusCode, 201);
    await note.body.dump();
    assert.equal(
      monitor.incident(incident.id)?.timeline.at(-1)?.message,
      'ana: Switched the support bot to the backup.',
    );
    const missing = await request(`${stack.url}/admin/api/incidents/inc_nope`, { headers: admin });
    assert.equal(missing.statusCode, 404);
    await missing.body.dump();
    const badHistory = await request(`${stack.url}/admin/api/history?resolution=week`, { headers: admin });
    assert.equal(badHistory.statusCode, 400);
    await badHistory.body.dump();

    assert.ok(received.join('').includes('event: incident'), 'the SSE stream carried the incident event');
    assert.ok(received.join('').includes('event: state'));
    events.body.destroy();

    monitor.flush();
    const io = captureIo();
    assert.equal(
      await (await import('../../src/cli/commands/status.ts')).run(['--url', stack.url], io),
      0,
      io.err.join(''),
    );
    const table = io.out.join('\n');
    assert.match(table, /PROVIDER \/ MODEL/);
    assert.match(table, /primary\s+(partial_outage|major_outage)/);
    assert.match(table, new RegExp(incident.id));

    const list = captureIo();
    assert.equal(await (await import('../../src/cli/commands/incidents.ts')).run(['--url', stack.url], list), 0);
    assert.match(list.out.join('\n'), new RegExp(`${incident.id}\\s+primary\\s+gpt-primary\\s+open`));
    const exported = captureIo();
    assert.equal(
      await (await import('../../src/cli/commands/incidents.ts')).run(
        ['export', incident.id, '--url', stack.url],
        exported,
      ),
      0,
    );
    const markdown = exported.out.join('\n');
    assert.match(markdown, /^# Incident inc_/);
    assert.match(markdown, /\| opened \|/);
    assert.match(markdown, /ana: Switched the support bot/);
    assert.match(markdown, /never posted/);

    const sla = captureIo();
    const month = new Date(monitor.now()).toISOString().slice(0, 7);
    assert.equal(
      await (await import('../../src/cli/commands/sla.ts')).run(
        ['--target', '99.9', '--month', month, '--url', stack.url],
        sla,
      ),
      0,
      sla.err.join(''),
    );
    assert.match(sla.out.join('\n'), /primary\s+\d+\.\d+%\s+MISSED\s+\d+%/);
    const noKey = captureIo();
    assert.equal(
      await (await import('../../src/cli/commands/sla.ts')).run(['--url', stack.url], { ...noKey, env: {} }),
      1,
    );
  } finally {
    await stack.close();
  }
});

test('with monitoring.enabled false the gateway runs no monitor and the monitor endpoints are absent', async () => {
  const { startStack } = await import('../helpers/start-stack.ts');
  const { monitoredConfig } = await import('../helpers/start-fake-clock-stack.ts');
  const stack = await startStack(`${monitoredConfig}\nmonitoring: { enabled: false }\n`, { adminKey: 'admin-key' });
  try {
    assert.equal(stack.gateway.gateway.monitor, undefined);
    const health = await request(`${stack.url}/admin/api/health`, { headers: admin });
    assert.equal(health.statusCode, 404);
    await health.body.dump();
  } finally {
    await stack.close();
  }
});
