import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { request } from 'undici';
import { startFakeClockStack } from '../helpers/start-fake-clock-stack.ts';

test('an outage seen in live traffic pages once when it opens and once when it resolves, and shows in the feed', async () => {
  const received: { type: string; incident: string }[] = [];
  const receiver = createServer((incoming, response) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    incoming.on('end', () => {
      const parsed = JSON.parse(body) as { type: string; incident: { id: string } };
      received.push({ type: parsed.type, incident: parsed.incident.id });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const { stack, monitor, run } = await startFakeClockStack({
    extraConfig: `
server: { allow_private_urls: true }
alerts:
  channels:
    - { type: webhook, name: ops, url: "http://127.0.0.1:${port}/hook", secret: "a-webhook-secret-of-length" }
`,
  });
  try {
    await run(10);
    stack.simulator.setFaults([{ match: { model: 'gpt-primary' }, fault: 'error', status: 503 }]);
    await run(20, 2, () => monitor.incidents({ status: 'open', provider: 'primary' }).length > 0);
    const [incident] = monitor.incidents({ status: 'open', provider: 'primary' }).filter((entry) => !entry.parentId);
    assert.ok(incident, 'an incident is open');
    const feed = await request(`${stack.url}/status/feed.atom`);
    assert.equal(feed.statusCode, 200);
    assert.match(await feed.body.text(), new RegExp(incident.id));
    stack.simulator.clearFaults();
    await run(120, 2, () => monitor.incident(incident.id)?.status === 'resolved');
    assert.equal(monitor.incident(incident.id)?.status, 'resolved');
    for (let wait = 0; wait < 100 && !received.some((entry) => entry.type === 'incident.resolved'); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const forIncident = received.filter((entry) => entry.incident === incident.id);
    assert.equal(forIncident.filter((entry) => entry.type === 'incident.opened').length, 1);
    assert.equal(forIncident.filter((entry) => entry.type === 'incident.resolved').length, 1);
    assert.ok(forIncident.length <= 3, `one notification per incident event, got ${JSON.stringify(forIncident)}`);
  } finally {
    await stack.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
