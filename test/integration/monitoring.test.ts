import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { startFakeClockStack } from '../helpers/start-fake-clock-stack.ts';
import type { Stack } from '../helpers/start-stack.ts';

async function closing<T>(stack: Stack, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await stack.close();
  }
}

describe('incidents from live traffic', () => {
  test('opens an incident within 10 s of a 100% 503 outage of one provider, and resolves it after recovery', async () => {
    const { stack, monitor, events, clock, run } = await startFakeClockStack();
    await closing(stack, async () => {
      await run(20);
      assert.equal(monitor.incidents().length, 0, 'healthy traffic opens nothing');
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
      const outageAt = clock.ms;
      await run(10, 2, () => monitor.incidents({ status: 'open' }).some((incident) => incident.provider === 'primary'));
      const [incident] = monitor
        .incidents({ status: 'open', provider: 'primary' })
        .filter((entry) => entry.parentId === undefined);
      assert.ok(incident, 'an incident for primary is open');
      assert.ok(incident.openedAt - outageAt <= 10_000, `opened ${incident.openedAt - outageAt} ms after the outage`);
      assert.equal(events.filter((event) => event.kind === 'opened').length, 1);
      assert.match(incident.timeline[0]!.message, /server-503/);
      const child = monitor.incidents({ provider: 'primary' }).find((entry) => entry.parentId === incident.id);
      assert.equal(child?.model, 'gpt-primary');
      assert.equal(monitor.incidents({ provider: 'backup' }).length, 0, 'the fallback is not blamed');

      await run(30);
      const during = monitor.incident(incident.id)!;
      assert.equal(during.severity, 'major_outage');
      assert.ok(
        during.timeline.some(
          (entry) =>
            entry.kind === 'failover_engaged' &&
            /moved from primary\/gpt-primary to backup\/gpt-backup/.test(entry.message),
        ),
        JSON.stringify(during.timeline.map((entry) => entry.message)),
      );

      stack.simulator.clearFaults();
      await run(120, 2, () => monitor.incident(incident.id)?.status === 'resolved');
      const resolved = monitor.incident(incident.id)!;
      assert.equal(resolved.status, 'resolved');
      assert.equal(resolved.publicStatus, 'resolved');
      assert.ok(resolved.timeline.some((entry) => entry.kind === 'recovering'));
      assert.deepEqual(
        events.map((event) => event.kind),
        ['opened', 'severity_changed', 'resolved'],
      );
      assert.equal(new Set(events.map((event) => event.id)).size, events.length);
      const health = monitor.health();
      assert.equal(health.providers.find((provider) => provider.provider === 'primary')?.state, 'operational');
    });
  });

  test('a single flapping failure opens nothing', async () => {
    const { stack, monitor, events, run } = await startFakeClockStack();
    await closing(stack, async () => {
      await run(10);
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503, times: 1 }]);
      await run(60);
      assert.deepEqual(monitor.incidents(), []);
      assert.equal(events.length, 0);
    });
  });

  test('an outage of an idle fallback is found by probes within one probe interval plus the confirmation rule', async () => {
    const { stack, monitor, clock, run } = await startFakeClockStack();
    await closing(stack, async () => {
      const startedAt = clock.ms;
      stack.simulator.setFaults([{ match: { model: 'gpt-backup' }, fault: 'error', status: 503 }]);
      // 60 s probe interval (+ up to 10% jitter), then 3 failing probes 5 s apart (min_errors), confirmed twice.
      const bound = 60_000 * 1.1 + 2 * 5000 + 2 * 5000 + 4000;
      await run(Math.ceil(bound / 1000), 1, () => monitor.incidents({ provider: 'backup' }).length > 0);
      const [incident] = monitor.incidents({ provider: 'backup' }).filter((entry) => entry.parentId === undefined);
      assert.ok(incident, `no incident for the idle fallback after ${(clock.ms - startedAt) / 1000} s`);
      assert.ok(incident.openedAt - startedAt <= bound, `opened after ${(incident.openedAt - startedAt) / 1000} s`);
      assert.ok(incident.openedAt - startedAt >= 60_000, 'not before the first probe was due');
      const health = monitor.health();
      assert.ok(health.probes.count >= 3);
      const backup = health.targets.find((target) => target.provider === 'backup');
      assert.equal(backup?.last_probe_ok, false);
      assert.equal(monitor.incidents({ provider: 'primary' }).length, 0);
    });
  });
});

describe('self-check and vendor maintenance', () => {
  test('when every provider fails at once it is our network: one outlast incident, no provider incidents', async () => {
    const { stack, monitor, events, run } = await startFakeClockStack();
    await closing(stack, async () => {
      await run(10);
      stack.simulator.setFaults([{ fault: 'error', status: 503 }]);
      await run(30);
      const open = monitor.incidents({ status: 'open' });
      assert.deepEqual(
        open.map((incident) => incident.provider),
        ['outlast'],
      );
      assert.equal(monitor.health().self, 'our_network');
      assert.deepEqual(
        events.map((event) => [event.kind, event.incident.provider]),
        [['opened', 'outlast']],
      );
    });
  });

  test('a vendor maintenance window is excluded from uptime and its failures open no downtime', async () => {
    const { stack, monitor, clock, run } = await startFakeClockStack();
    await closing(stack, async () => {
      await run(10);
      monitor.flush();
      monitor.recordVendorIncident({
        id: 'maint-1',
        provider: 'primary',
        name: 'Scheduled database maintenance',
        status: 'in_progress',
        impact: 'maintenance',
        models: ['*'],
        createdAt: clock.ms - 3_600_000,
        firstSeenAt: clock.ms - 3_600_000,
        maintenance: true,
        scheduledFor: clock.ms,
        scheduledUntil: clock.ms + 60_000,
        updates: [],
      });
      stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
      await run(40);
      monitor.flush();
      const buckets = monitor.history({
        provider: 'primary',
        model: '',
        resolution: 'minute',
        fromMs: 0,
        toMs: clock.ms + 60_000,
      });
      const sum = (key: 'maintenance_s' | 'major_s' | 'partial_s' | 'error' | 'excluded') =>
        buckets.reduce((total, bucket) => total + bucket[key], 0);
      assert.ok(sum('maintenance_s') > 0);
      assert.equal(sum('major_s') + sum('partial_s'), 0, 'no downtime counted inside the window');
      assert.equal(sum('error'), 0, 'failures inside the window are excluded');
      assert.ok(sum('excluded') > 0);
    });
  });
});

describe('restart in the middle of an incident', () => {
  test('a new monitor on the same SQLite files continues the open incident and emits no second opened event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outlast-monitor-'));
    try {
      const first = await startFakeClockStack({ dataDir });
      let incidentId = '';
      await closing(first.stack, async () => {
        await first.run(10);
        first.stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
        await first.run(40);
        const open = first.monitor
          .incidents({ status: 'open', provider: 'primary' })
          .find((entry) => entry.parentId === undefined);
        assert.ok(open);
        incidentId = open.id;
        assert.deepEqual(
          first.events.map((event) => event.kind),
          ['opened', 'severity_changed'],
        );
      });
      const second = await startFakeClockStack({ dataDir, startMs: first.clock.ms + 5000 });
      await closing(second.stack, async () => {
        second.stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
        await second.run(20);
        assert.equal(second.events.length, 0, 'nothing re-emitted while the outage goes on');
        const open = second.monitor
          .incidents({ status: 'open', provider: 'primary' })
          .filter((entry) => entry.parentId === undefined);
        assert.deepEqual(
          open.map((entry) => entry.id),
          [incidentId],
        );
        second.stack.simulator.clearFaults();
        await second.run(120, 2, () => second.monitor.incident(incidentId)?.status === 'resolved');
        assert.deepEqual(
          second.events.map((event) => [event.kind, event.incident.id]),
          [['resolved', incidentId]],
        );
        const history = await request(
          `${second.stack.url}/admin/api/history?provider=primary&from=0&to=${second.clock.ms + 60_000}&resolution=hour`,
          {
            headers: { authorization: 'Bearer admin-key' },
          },
        );
        assert.equal(history.statusCode, 200);
        const body = (await history.body.json()) as { figures: { ok: number; error: number } };
        assert.ok(body.figures.ok > 0 && body.figures.error > 0, JSON.stringify(body.figures));
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
