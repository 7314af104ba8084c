import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkXml, childrenNamed, childText } from '../../../test/helpers/check-xml.ts';
import { sampleIncident } from '../../../test/helpers/incident-events.ts';
import { renderIncidentsAtom } from './render-incidents-atom.ts';
import { renderIncidentsRss } from './render-incidents-rss.ts';

const opened = Date.UTC(2026, 2, 2, 11, 49);
const incidents = [
  sampleIncident({
    id: 'inc_old',
    status: 'resolved',
    publicStatus: 'resolved',
    openedAt: opened - 86_400_000,
    resolvedAt: opened - 80_000_000,
  }),
  sampleIncident({
    id: 'inc_now',
    model: 'claude-opus-4-6',
    openedAt: opened,
    timeline: [
      { at: opened, kind: 'opened', message: 'errors <500> & "overloaded" \u0001' },
      { at: opened + 60_000, kind: 'failover_engaged', message: 'failover engaged: 31 requests moved to openai/gpt-5' },
    ],
  }),
];
const options = { baseUrl: 'https://llm.example.com/', title: 'Acme & Co status' };

test('the Atom feed is well-formed Atom 1.0 with the required elements and one entry per incident', () => {
  const feed = checkXml(renderIncidentsAtom(incidents, options));
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attributes.xmlns, 'http://www.w3.org/2005/Atom');
  assert.equal(childText(feed, 'title'), 'Acme & Co status');
  assert.equal(childText(feed, 'id'), 'https://llm.example.com/status/feed.atom');
  assert.equal(childText(feed, 'updated'), new Date(opened + 60_000).toISOString());
  assert.equal(childrenNamed(feed, 'author').length, 1);
  const entries = childrenNamed(feed, 'entry');
  assert.deepEqual(
    entries.map((entry) => childText(entry, 'id')),
    ['urn:outlast:incident:inc_now', 'urn:outlast:incident:inc_old'],
  );
  const [latest] = entries;
  assert.ok(latest);
  assert.equal(childText(latest, 'updated'), new Date(opened + 60_000).toISOString());
  assert.match(childText(latest, 'title'), /anthropic\/claude-opus-4-6: major outage \(investigating\)/);
  assert.match(childText(latest, 'summary'), /failover engaged: 31 requests moved to openai\/gpt-5/);
  assert.equal(childrenNamed(latest, 'link')[0]?.attributes.href, 'https://llm.example.com/status#inc_now');
  assert.match(childText(entries[1]!, 'title'), /^Resolved: anthropic$/);
});

test('the RSS feed is well-formed RSS 2.0 with channel title, link, description and one item per incident', () => {
  const rss = checkXml(renderIncidentsRss(incidents, options));
  assert.equal(rss.name, 'rss');
  assert.equal(rss.attributes.version, '2.0');
  const [channel] = childrenNamed(rss, 'channel');
  assert.ok(channel);
  assert.equal(childText(channel, 'title'), 'Acme & Co status');
  assert.equal(childText(channel, 'link'), 'https://llm.example.com/status');
  assert.ok(childText(channel, 'description').length > 0);
  const items = childrenNamed(channel, 'item');
  assert.equal(items.length, 2);
  assert.equal(childText(items[0]!, 'pubDate'), 'Mon, 02 Mar 2026 11:50:00 +0000');
  assert.equal(childrenNamed(items[0]!, 'guid')[0]?.attributes.isPermaLink, 'false');
});

test('text from incidents is escaped and characters XML cannot carry are dropped', () => {
  const broken = [
    sampleIncident({ timeline: [{ at: opened, kind: 'opened', message: 'a <b> & "c" \u0001\u0008 d' }] }),
  ];
  for (const xml of [renderIncidentsAtom(broken, options), renderIncidentsRss(broken, options)]) {
    checkXml(xml);
    assert.ok(xml.includes('a &lt;b&gt; &amp; &quot;c&quot;  d'));
  }
});

test('an empty list gives a valid feed with no entries', () => {
  assert.equal(childrenNamed(checkXml(renderIncidentsAtom([], options)), 'entry').length, 0);
  const [channel] = childrenNamed(checkXml(renderIncidentsRss([], options)), 'channel');
  assert.equal(childrenNamed(channel!, 'item').length, 0);
});
