import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from './load-config.ts';

const provider = 'providers:\n  - { id: anthropic, type: anthropic, api_key: k }\n';

function problems(yaml: string): string[] {
  const loaded = parseConfigText(provider + yaml, {});
  return loaded.ok ? [] : loaded.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

test('a config without alerts has no channels and the default delivery policy', () => {
  const loaded = parseConfigText(provider, {});
  assert.ok(loaded.ok);
  assert.deepEqual(loaded.config.alerts.channels, []);
  assert.equal(loaded.config.alerts.delivery.max_attempts, 12);
});

test('parses every channel type with its defaults', () => {
  const loaded = parseConfigText(
    `${provider}alerts:
  business_hours: { timezone: Europe/Paris }
  channels:
    - { type: slack, name: team, url: "https://hooks.slack.com/services/T/B/X" }
    - { type: discord, name: chat, url: "https://discord.com/api/webhooks/1/abc", hours: outside_hours }
    - { type: pagerduty, name: pager, routing_key: R0UTING, min_severity: major_outage }
    - { type: email, name: mail, host: smtp.example.com, from: a@example.com, to: [b@example.com] }
    - { type: webhook, name: hook, url: "https://example.com/hook", secret: "0123456789abcdef" }
`,
    {},
  );
  assert.ok(loaded.ok, JSON.stringify(loaded.ok ? '' : loaded.problems));
  const [slack, discord, pager, mail] = loaded.config.alerts.channels;
  assert.equal(slack?.min_severity, 'degraded');
  assert.equal(discord?.type === 'discord' && discord.username, 'Outlast');
  assert.equal(pager?.type === 'pagerduty' && pager.events_url, 'https://events.pagerduty.com/v2/enqueue');
  assert.equal(mail?.type === 'email' && mail.port, 587);
  assert.deepEqual(loaded.config.alerts.business_hours?.days, ['mon', 'tue', 'wed', 'thu', 'fri']);
});

test('rejects an unknown channel key, a duplicate name, hours without business hours and a bad time zone', () => {
  const found = problems(`alerts:
  business_hours: { timezone: Mars/Olympus }
  channels:
    - { type: slack, name: team, url: "https://hooks.slack.com/x", colour: red }
    - { type: slack, name: team, url: "https://hooks.slack.com/y" }
`);
  assert.ok(
    found.some((line) => line.includes('colour')),
    found.join('\n'),
  );
  assert.ok(
    found.some((line) => line.includes("duplicate channel name 'team'")),
    found.join('\n'),
  );
  assert.ok(
    found.some((line) => line.includes('IANA time zone')),
    found.join('\n'),
  );
  const noHours = problems(`alerts:
  channels:
    - { type: slack, name: team, url: "https://hooks.slack.com/x", hours: only_business_hours }
`);
  assert.ok(
    noHours.some((line) => line.includes('needs alerts.business_hours')),
    noHours.join('\n'),
  );
});

test('a status page on an openai-compatible provider needs a url; false turns it off', () => {
  const loaded = parseConfigText(
    'providers:\n  - { id: local, type: openai-compatible, base_url: "http://127.0.0.1:1/v1", status_page: {} }\n',
    {},
  );
  assert.equal(loaded.ok, false);
  assert.ok(!loaded.ok && loaded.problems.some((problem) => problem.path.includes('status_page')));
  const off = parseConfigText('providers:\n  - { id: a, type: anthropic, api_key: k, status_page: false }\n', {});
  assert.ok(off.ok && off.config.providers[0]?.status_page === false);
});
