import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleEvent } from '../../test/helpers/incident-events.ts';
import { describeIncidentEvent } from './describe-incident-event.ts';

test('names the provider and model, the severity and the latest timeline entry', () => {
  const text = describeIncidentEvent(sampleEvent('opened', { incident: { model: 'gpt-5', provider: 'openai' } }));
  assert.equal(text.title, 'Incident opened: openai/gpt-5 major outage');
  assert.equal(text.subject, 'openai/gpt-5');
  assert.match(
    text.body,
    /^100% of 42 requests failed with 503 in the last minute\nOpened 2026-03-02 11:49 UTC \(incident inc_01JTEST\)\.$/,
  );
});

test('a severity change reads as plain English for each state', () => {
  const degraded = describeIncidentEvent(sampleEvent('severity_changed', { incident: { severity: 'degraded' } }));
  assert.equal(degraded.title, 'Incident on anthropic is now degraded');
  const partial = describeIncidentEvent(sampleEvent('severity_changed', { incident: { severity: 'partial_outage' } }));
  assert.equal(partial.title, 'Incident on anthropic is now a partial outage');
});

test('a resolve says how long the incident lasted', () => {
  const opened = Date.UTC(2026, 2, 2, 11, 49);
  const text = describeIncidentEvent(sampleEvent('resolved', { at: opened + 95 * 60_000 }));
  assert.equal(text.title, 'Resolved: anthropic');
  assert.match(text.body, /Resolved 2026-03-02 13:24 UTC, after 1 h 35 min\.$/);
});
