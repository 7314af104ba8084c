import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { createAlertManager, type ScheduleTimer } from '../../src/alerts/create-alert-manager.ts';
import { type AlertsConfig, alertsSchema } from '../../src/config/alerts-schema.ts';
import { createMemoryAlertsStore } from '../../src/store/alerts/memory-alerts-store.ts';
import { createSqliteAlertsStore } from '../../src/store/alerts/sqlite-alerts-store.ts';
import { sampleEvent } from '../helpers/incident-events.ts';
import { type HttpReceiver, startHttpReceiver } from '../helpers/start-http-receiver.ts';
import { type SmtpServer, startSmtpServer } from '../helpers/start-smtp-server.ts';

const webhookSecret = 'whsec-test-0123456789abcdef';
const slackToken = 'T000/B000/XXXXSECRETXXXX';
let receiver: HttpReceiver;
let pagerduty: HttpReceiver;
let smtp: SmtpServer;
const dir = mkdtempSync(join(tmpdir(), 'outlast-alerts-'));

before(async () => {
  receiver = await startHttpReceiver();
  pagerduty = await startHttpReceiver(202);
  smtp = await startSmtpServer({ authMechanisms: ['PLAIN'] });
});
after(async () => {
  await receiver.close();
  await pagerduty.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  receiver.requests.length = 0;
  pagerduty.requests.length = 0;
  smtp.messages.length = 0;
});

function config(): AlertsConfig {
  return alertsSchema.parse({
    channels: [
      { type: 'slack', name: 'slack', url: `${receiver.url}/slack/services/${slackToken}` },
      { type: 'discord', name: 'discord', url: `${receiver.url}/discord/api/webhooks/1/token` },
      { type: 'pagerduty', name: 'pager', routing_key: 'R0UTINGKEY', events_url: `${pagerduty.url}/v2/enqueue` },
      { type: 'webhook', name: 'hook', url: `${receiver.url}/hook`, secret: webhookSecret },
      {
        type: 'email',
        name: 'mail',
        host: '127.0.0.1',
        port: smtp.port,
        username: 'ops',
        password: 'smtp-password',
        from: 'outlast@example.com',
        to: ['oncall@example.com'],
      },
    ],
    delivery: { base_ms: 1000, cap_ms: 8000, max_attempts: 4 },
  });
}

/** A fake timer: tasks run when the test says so, and the fake clock jumps to their due time. */
function fakeTimers() {
  const clock = { now: Date.UTC(2026, 2, 2, 12, 0) };
  const tasks: { at: number; callback: () => void; cancelled: boolean }[] = [];
  const delays: number[] = [];
  const schedule: ScheduleTimer = (callback, delayMs) => {
    delays.push(delayMs);
    const task = { at: clock.now + delayMs, callback, cancelled: false };
    tasks.push(task);
    return () => {
      task.cancelled = true;
    };
  };
  return {
    clock,
    delays,
    schedule,
    pendingTasks: () => tasks.filter((task) => !task.cancelled).length,
    runNext() {
      tasks.sort((left, right) => left.at - right.at);
      const task = tasks.shift();
      if (task === undefined || task.cancelled) return false;
      clock.now = Math.max(clock.now, task.at);
      task.callback();
      return true;
    },
  };
}

/** The receiver side of the signature check, as docs/alerts.md shows it. */
function verifySignature(header: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function byPath(prefix: string) {
  return receiver.accepted().filter((request) => request.path.startsWith(prefix));
}

test('alerts arrive once per incident event at Slack, Discord, PagerDuty, webhook and email receivers', async () => {
  const timers = fakeTimers();
  const manager = createAlertManager({
    config: config(),
    store: createMemoryAlertsStore(),
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  const events = [
    sampleEvent('opened', { incident: { severity: 'partial_outage' } }),
    sampleEvent('severity_changed', { sequence: 2 }),
    sampleEvent('vendor_acknowledged', { sequence: 3 }),
    sampleEvent('resolved', { sequence: 4 }),
  ];
  for (const event of events) {
    manager.sink(event);
    manager.sink(event); // the same event twice is one notification
  }
  await manager.idle();

  assert.equal(byPath('/slack/').length, 4);
  assert.equal(byPath('/discord/').length, 4);
  const hooks = byPath('/hook');
  assert.equal(hooks.length, 4);
  for (const hook of hooks) {
    assert.ok(verifySignature(String(hook.headers['x-outlast-signature']), hook.body, webhookSecret));
    assert.equal(verifySignature(String(hook.headers['x-outlast-signature']), `${hook.body} `, webhookSecret), false);
  }
  assert.deepEqual(
    hooks.map((hook) => (JSON.parse(hook.body) as { type: string }).type),
    ['incident.opened', 'incident.severity_changed', 'incident.vendor_acknowledged', 'incident.resolved'],
  );

  const pages = pagerduty.accepted().map((request) => JSON.parse(request.body) as Record<string, unknown>);
  assert.deepEqual(
    pages.map((page) => [page.event_action, page.dedup_key, page.routing_key]),
    [
      ['trigger', 'inc_01JTEST', 'R0UTINGKEY'],
      ['trigger', 'inc_01JTEST', 'R0UTINGKEY'],
      ['resolve', 'inc_01JTEST', 'R0UTINGKEY'],
    ],
  );

  assert.equal(smtp.messages.length, 4);
  assert.match(smtp.messages[0]?.data ?? '', /\r\nSubject: \[Outlast\] Incident opened: anthropic partial outage\r\n/);
  assert.match(smtp.messages[3]?.data ?? '', /\r\nSubject: \[Outlast\] Resolved: anthropic\r\n/);
  assert.deepEqual(smtp.messages[0]?.to, ['oncall@example.com']);

  const statuses = manager.deliveries().map((delivery) => `${delivery.channel}:${delivery.kind}:${delivery.status}`);
  assert.ok(statuses.includes('pager:vendor_acknowledged:skipped'));
  assert.equal(statuses.filter((status) => status.endsWith(':delivered')).length, 19);
  assert.equal(timers.pendingTasks(), 0);
  await manager.close();
});

test('after a restart in the middle of an incident, a new manager on the same SQLite file sends only the resolve', async () => {
  const timers = fakeTimers();
  const file = join(dir, 'restart.db');
  const opened = sampleEvent('opened');
  const resolved = sampleEvent('resolved', { sequence: 2 });
  const first = createAlertManager({
    config: config(),
    store: createSqliteAlertsStore(file),
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  first.sink(opened);
  await first.idle();
  await first.close();
  assert.equal(receiver.accepted().length, 3);
  assert.equal(pagerduty.accepted().length, 1);
  assert.equal(smtp.messages.length, 1);

  const store = createSqliteAlertsStore(file);
  const second = createAlertManager({
    config: config(),
    store,
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  second.resume();
  second.sink(opened);
  second.sink(resolved);
  await second.idle();
  assert.equal(receiver.accepted().length, 6);
  assert.deepEqual(
    receiver
      .accepted()
      .slice(3)
      .map((request) => request.path.split('/')[1]),
    ['slack', 'discord', 'hook'],
  );
  for (const request of receiver.accepted().slice(3)) assert.match(request.body, /[Rr]esolved/);
  assert.deepEqual(
    pagerduty.accepted().map((request) => (JSON.parse(request.body) as { event_action: string }).event_action),
    ['trigger', 'resolve'],
  );
  assert.equal(smtp.messages.length, 2);
  await second.close();
  store.close();
});

test('a delivery pending at shutdown resumes after the restart and is delivered once', async () => {
  const timers = fakeTimers();
  const file = join(dir, 'resume.db');
  const onlyHook = { ...config(), channels: config().channels.filter((channel) => channel.name === 'hook') };
  const first = createAlertManager({
    config: onlyHook,
    store: createSqliteAlertsStore(file),
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  receiver.failNext(1, 503);
  first.sink(sampleEvent('opened'));
  await first.idle();
  await first.close(); // the retry timer dies with the process
  assert.equal(receiver.accepted().length, 0);

  timers.clock.now += 60_000;
  const second = createAlertManager({
    config: onlyHook,
    store: createSqliteAlertsStore(file),
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  second.resume();
  await second.idle();
  second.resume();
  await second.idle();
  assert.equal(receiver.accepted().length, 1);
  assert.equal(receiver.requests.length, 2);
  assert.equal(second.deliveries()[0]?.status, 'delivered');
  assert.equal(second.deliveries()[0]?.attempts, 2);
  await second.close();
});

test('a receiver that fails twice then succeeds gets exactly one successful delivery, after exponential backoff', async () => {
  const timers = fakeTimers();
  const onlySlack = { ...config(), channels: config().channels.filter((channel) => channel.name === 'slack') };
  const manager = createAlertManager({
    config: onlySlack,
    store: createMemoryAlertsStore(),
    now: () => timers.clock.now,
    schedule: timers.schedule,
    random: () => 1,
  });
  receiver.failNext(2, 500);
  manager.sink(sampleEvent('opened'));
  await manager.idle();
  while (timers.runNext()) await manager.idle();
  assert.deepEqual(
    receiver.requests.map((request) => request.status),
    [500, 500, 200],
  );
  assert.equal(receiver.accepted().length, 1);
  assert.deepEqual(timers.delays, [1000, 2000]);
  const [delivery] = manager.deliveries();
  assert.equal(delivery?.status, 'delivered');
  assert.equal(delivery?.attempts, 3);
  await manager.close();
});

test('a delivery gives up after max_attempts, and no error or view carries the webhook URL', async () => {
  const timers = fakeTimers();
  const logged: string[] = [];
  const onlySlack = { ...config(), channels: config().channels.filter((channel) => channel.name === 'slack') };
  const manager = createAlertManager({
    config: onlySlack,
    store: createMemoryAlertsStore(),
    now: () => timers.clock.now,
    schedule: timers.schedule,
    logError: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  });
  receiver.failNext(10, 500);
  manager.sink(sampleEvent('opened'));
  await manager.idle();
  while (timers.runNext()) await manager.idle();
  assert.equal(receiver.requests.length, 4);
  const [delivery] = manager.deliveries();
  assert.equal(delivery?.status, 'failed');
  assert.match(delivery?.lastError ?? '', /HTTP 500/);
  const everything = JSON.stringify(manager.deliveries()) + logged.join('\n');
  assert.equal(everything.includes('SECRET'), false);
  assert.equal(logged.length, 1);
  receiver.failNext(0);
  await manager.close();
});

test('an unreachable SMTP server is retried, and the SMTP password never appears in the error', async () => {
  const timers = fakeTimers();
  const mailOnly = config().channels.filter((channel) => channel.name === 'mail');
  const dead = await startSmtpServer();
  const deadPort = dead.port;
  await dead.close();
  const manager = createAlertManager({
    config: { ...config(), channels: mailOnly.map((channel) => ({ ...channel, port: deadPort })) },
    store: createMemoryAlertsStore(),
    now: () => timers.clock.now,
    schedule: timers.schedule,
  });
  manager.sink(sampleEvent('opened'));
  await manager.idle();
  const [delivery] = manager.deliveries();
  assert.equal(delivery?.status, 'pending');
  assert.match(delivery?.lastError ?? '', /ECONNREFUSED|closed/);
  assert.equal(JSON.stringify(manager.deliveries()).includes('smtp-password'), false);
  await manager.close();
});
