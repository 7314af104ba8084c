import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AlertsStore } from '../../src/store/alerts/alerts-store.ts';
import { createMemoryAlertsStore } from '../../src/store/alerts/memory-alerts-store.ts';
import { createSqliteAlertsStore } from '../../src/store/alerts/sqlite-alerts-store.ts';
import { sampleEvent } from '../helpers/incident-events.ts';

const dir = mkdtempSync(join(tmpdir(), 'outlast-alerts-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const backends: { name: string; open: () => AlertsStore }[] = [
  { name: 'memory', open: createMemoryAlertsStore },
  { name: 'sqlite', open: () => createSqliteAlertsStore(join(dir, `alerts-${++files}.db`)) },
];

for (const backend of backends) {
  describe(`alerts store (${backend.name})`, () => {
    test('records a delivery once per event and channel', () => {
      const store = backend.open();
      const event = sampleEvent('opened');
      assert.equal(store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 10 }), true);
      assert.equal(store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 11 }), false);
      assert.equal(store.enqueue({ eventId: event.id, channel: 'pager', event, createdAt: 12 }), true);
      const pending = store.listPending();
      assert.deepEqual(
        pending.map((delivery) => [delivery.channel, delivery.status, delivery.attempts, delivery.nextAttemptAt]),
        [
          ['slack', 'pending', 0, 10],
          ['pager', 'pending', 0, 12],
        ],
      );
      assert.deepEqual(pending[0]?.event, event);
      store.close();
    });

    test('a retry counts the attempt and moves the due time', () => {
      const store = backend.open();
      const event = sampleEvent('opened');
      store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 10 });
      store.recordRetry(event.id, 'slack', { nextAttemptAt: 1010, error: 'HTTP 500' });
      const delivery = store.get(event.id, 'slack');
      assert.equal(delivery?.attempts, 1);
      assert.equal(delivery?.nextAttemptAt, 1010);
      assert.equal(delivery?.lastError, 'HTTP 500');
      store.close();
    });

    test('a finished delivery leaves the pending list and is never reopened', () => {
      const store = backend.open();
      const event = sampleEvent('opened');
      store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 10 });
      store.finish(event.id, 'slack', { status: 'delivered', at: 20 });
      store.finish(event.id, 'slack', { status: 'failed', at: 30, error: 'late' });
      assert.equal(store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 40 }), false);
      const delivery = store.get(event.id, 'slack');
      assert.equal(delivery?.status, 'delivered');
      assert.equal(delivery?.finishedAt, 20);
      assert.equal(delivery?.attempts, 1);
      assert.deepEqual(store.listPending(), []);
      store.close();
    });

    test('lists the channels that were alerted of an incident, skipped ones excepted', () => {
      const store = backend.open();
      const opened = sampleEvent('opened');
      const other = sampleEvent('opened', { incident: { id: 'inc_other' } });
      for (const channel of ['slack', 'pager', 'mail', 'quiet', 'later']) {
        store.enqueue({ eventId: opened.id, channel, event: opened, createdAt: 1 });
      }
      store.enqueue({ eventId: other.id, channel: 'hook', event: other, createdAt: 1 });
      store.finish(opened.id, 'slack', { status: 'delivered', at: 2 });
      store.finish(opened.id, 'pager', { status: 'delivered', at: 2 });
      store.finish(opened.id, 'mail', { status: 'failed', at: 2, error: 'refused' });
      store.finish(opened.id, 'quiet', { status: 'skipped', at: 2 });
      store.finish(other.id, 'hook', { status: 'delivered', at: 2 });
      assert.deepEqual(store.channelsAlerted(opened.incident.id), ['later', 'mail', 'pager', 'slack']);
      store.close();
    });

    test('lists recent deliveries newest first, within the limit', () => {
      const store = backend.open();
      for (let index = 1; index <= 3; index += 1) {
        const event = sampleEvent('opened', { sequence: index });
        store.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: index * 100 });
      }
      assert.deepEqual(
        store.listRecent(2).map((delivery) => delivery.createdAt),
        [300, 200],
      );
      store.close();
    });
  });
}

test('the sqlite alerts store keeps deliveries across reopening', () => {
  const file = join(dir, 'reopen.db');
  const event = sampleEvent('opened');
  const first = createSqliteAlertsStore(file);
  first.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 1 });
  first.enqueue({ eventId: event.id, channel: 'pager', event, createdAt: 1 });
  first.finish(event.id, 'slack', { status: 'delivered', at: 2 });
  first.close();
  const second = createSqliteAlertsStore(file);
  assert.equal(second.enqueue({ eventId: event.id, channel: 'slack', event, createdAt: 3 }), false);
  assert.deepEqual(
    second.listPending().map((delivery) => delivery.channel),
    ['pager'],
  );
  second.close();
});
