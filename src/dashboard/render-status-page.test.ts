import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HealthState } from '../core/monitoring.ts';
import { buildStatusSummary } from './build-status-summary.ts';
import { escapeHtml } from './escape-html.ts';
import { renderStatusPage } from './render-status-page.ts';
import { summarizeUptimeDays } from './summarize-uptime-days.ts';

test('escapeHtml escapes the five HTML specials', () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

test('the status page escapes names, states its components in words and links the feeds', () => {
  const nowMs = Date.UTC(2026, 2, 2, 12);
  const summary = buildStatusSummary({
    health: {
      providers: [{ provider: '<script>alert(1)</script>', state: 'partial_outage' as HealthState }],
      targets: [{ provider: '<script>alert(1)</script>', model: 'm"1', state: 'partial_outage' as HealthState }],
    },
    incidents: [],
    nowMs,
    baseUrl: 'http://x',
  });
  const html = renderStatusPage({
    summary,
    pastIncidents: [],
    bars: new Map([['<script>alert(1)</script>', summarizeUptimeDays({ buckets: [], nowMs })]]),
  });
  assert.ok(!html.includes('<script>'), 'no injected markup');
  assert.ok(!/<script/i.test(html), 'the page has no script at all');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /◆ Partial outage/);
  assert.match(html, /Partial System Outage/);
  assert.match(html, /href="\/status\/feed\.atom"/);
  assert.match(html, /href="\/status\/feed\.rss"/);
  assert.match(html, /No incident in progress/);
  assert.match(html, /90-day uptime of/);
});
