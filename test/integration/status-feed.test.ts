import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Incident } from '../../src/core/monitoring.ts';
import { checkXml, childrenNamed, childText } from '../helpers/check-xml.ts';
import { sampleEvent, sampleIncident } from '../helpers/incident-events.ts';
import { type HttpReceiver, startHttpReceiver } from '../helpers/start-http-receiver.ts';
import { type Stack, standardConfig, startStack } from '../helpers/start-stack.ts';

let stack: Stack;
let receiver: HttpReceiver;
const incidents: Incident[] = [];

before(async () => {
  receiver = await startHttpReceiver();
  const config = `${standardConfig}
server: { admin_key: test-admin-key, allow_private_urls: true }
alerts:
  channels:
    - { type: slack, name: team-slack, url: "${receiver.url}/services/T0/B0/SECRETTOKEN" }
`;
  stack = await startStack(config, { listIncidents: () => incidents });
});
after(async () => {
  await stack.close();
  await receiver.close();
});

test('serves the incidents as Atom and RSS feeds at /status/feed.atom and /status/feed.rss', async () => {
  incidents.push(sampleIncident({ id: 'inc_feed', model: 'claude-sonnet-4-6' }));
  const atom = await fetch(`${stack.url}/status/feed.atom`);
  assert.equal(atom.status, 200);
  assert.match(atom.headers.get('content-type') ?? '', /^application\/atom\+xml/);
  const feed = checkXml(await atom.text());
  assert.deepEqual(
    childrenNamed(feed, 'entry').map((entry) => childText(entry, 'id')),
    ['urn:outlast:incident:inc_feed'],
  );
  const rss = await fetch(`${stack.url}/status/feed.rss`);
  assert.match(rss.headers.get('content-type') ?? '', /^application\/rss\+xml/);
  const channel = childrenNamed(checkXml(await rss.text()), 'channel')[0];
  assert.equal(childrenNamed(channel!, 'item').length, 1);
});

test('the gateway delivers incident events to its configured channels and lists deliveries without secrets', async () => {
  stack.gateway.gateway.alerts.sink(sampleEvent('opened'));
  await stack.gateway.gateway.alerts.idle();
  assert.equal(receiver.accepted().length, 1);
  const response = await fetch(`${stack.url}/admin/api/alerts`, {
    headers: { authorization: 'Bearer test-admin-key' },
  });
  assert.equal(response.status, 200);
  const text = await response.text();
  const body = JSON.parse(text) as { deliveries: { channel: string; status: string }[] };
  assert.deepEqual(
    body.deliveries.map((delivery) => [delivery.channel, delivery.status]),
    [['team-slack', 'delivered']],
  );
  assert.equal(text.includes('SECRETTOKEN'), false);
});
