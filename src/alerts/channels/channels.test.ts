import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { sampleEvent } from '../../../test/helpers/incident-events.ts';
import { renderDiscordMessage } from './discord.ts';
import { renderEmailMessage } from './email.ts';
import { renderPagerdutyEvent } from './pagerduty.ts';
import { renderSlackMessage } from './slack.ts';
import { renderWebhookBody, signWebhookBody } from './webhook.ts';

const opened = sampleEvent('opened', { incident: { model: 'claude-sonnet-4-6' } });
const resolved = sampleEvent('resolved', { at: opened.at + 42 * 60_000 });

test('slack: a text fallback and Block Kit blocks naming the provider, model and severity', () => {
  const message = renderSlackMessage(opened) as { text: string; blocks: { type: string }[] };
  assert.match(message.text, /Incident opened: anthropic\/claude-sonnet-4-6 major outage/);
  assert.deepEqual(
    message.blocks.map((block) => block.type),
    ['header', 'section', 'context'],
  );
});

test('discord: one embed with title, description, color, fields and an ISO timestamp', () => {
  const message = renderDiscordMessage(resolved) as { username: string; embeds: Record<string, unknown>[] };
  assert.equal(message.username, 'Outlast');
  const [embed] = message.embeds;
  assert.equal(embed?.title, 'Resolved: anthropic');
  assert.match(String(embed?.description), /after 42 min/);
  assert.equal(embed?.color, 0x2ecc71);
  assert.equal(embed?.timestamp, new Date(resolved.at).toISOString());
  assert.equal((embed?.fields as unknown[] | undefined)?.length, 3);
});

test('pagerduty: trigger with dedup_key = incident id and a mapped severity', () => {
  const body = renderPagerdutyEvent(opened, 'R0UTING') as Record<string, unknown> & {
    payload: Record<string, unknown>;
  };
  assert.equal(body.routing_key, 'R0UTING');
  assert.equal(body.event_action, 'trigger');
  assert.equal(body.dedup_key, opened.incident.id);
  assert.equal(body.payload.severity, 'critical');
  assert.equal(body.payload.source, 'anthropic/claude-sonnet-4-6');
  assert.equal(typeof body.payload.summary, 'string');
  const degraded = renderPagerdutyEvent(
    sampleEvent('severity_changed', { incident: { severity: 'degraded' } }),
    'R0UTING',
  ) as { payload: { severity: string } };
  assert.equal(degraded.payload.severity, 'warning');
});

test('pagerduty: resolve with the same dedup_key, and nothing for a vendor acknowledgement', () => {
  assert.deepEqual(renderPagerdutyEvent(resolved, 'R0UTING'), {
    routing_key: 'R0UTING',
    event_action: 'resolve',
    dedup_key: resolved.incident.id,
  });
  assert.equal(renderPagerdutyEvent(sampleEvent('vendor_acknowledged'), 'R0UTING'), undefined);
});

test('webhook: the signature is HMAC-SHA256 of "<t>.<body>" with the unix time', () => {
  const body = renderWebhookBody(opened);
  const parsed = JSON.parse(body) as { type: string; id: string; incident: { id: string } };
  assert.equal(parsed.type, 'incident.opened');
  assert.equal(parsed.id, opened.id);
  const header = signWebhookBody({ body, secret: 'a-long-shared-secret', atMs: 1_700_000_000_999 });
  const expected = createHmac('sha256', 'a-long-shared-secret').update(`1700000000.${body}`).digest('hex');
  assert.equal(header, `t=1700000000,v1=${expected}`);
});

test('email: headers, a subject with the title, and a UTF-8 subject encoded per RFC 2047', () => {
  const message = renderEmailMessage(opened, {
    from: 'outlast@example.com',
    to: ['oncall@example.com', 'b@example.com'],
  });
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split);
  const body = message.slice(split + 4);
  assert.match(head, /^From: outlast@example.com\r\nTo: oncall@example.com, b@example.com\r\n/);
  assert.match(head, /\r\nSubject: \[Outlast\] Incident opened: anthropic\/claude-sonnet-4-6 major outage\r\n/);
  assert.match(head, /\r\nMessage-ID: <inc_01JTEST\.opened\.1@outlast>\r\n/);
  assert.match(head, /\r\nContent-Transfer-Encoding: 7bit$/);
  assert.match(body, /100% of 42 requests failed/);
  const unicode = renderEmailMessage(sampleEvent('opened', { incident: { provider: 'prov-é' } }), {
    from: 'a@example.com',
    to: ['b@example.com'],
  });
  assert.match(unicode, /\r\nSubject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/);
  assert.match(unicode, /\r\nContent-Transfer-Encoding: base64\r\n/);
});
