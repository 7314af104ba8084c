import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleEvent } from '../../test/helpers/incident-events.ts';
import type { BusinessHours } from './is-within-business-hours.ts';
import { type ChannelRouting, routeIncidentEvent } from './route-incident-event.ts';

const allKinds = ['opened', 'severity_changed', 'vendor_acknowledged', 'resolved'] as const;

function channel(name: string, overrides: Partial<ChannelRouting> = {}): ChannelRouting {
  return { name, min_severity: 'degraded', hours: 'always', events: allKinds, ...overrides };
}

const paris: BusinessHours = {
  timezone: 'Europe/Paris',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '18:00',
};
const tuesdayNoonParis = Date.UTC(2026, 2, 3, 11, 0); // UTC+1 in March: 12:00
const tuesdayNightParis = Date.UTC(2026, 2, 3, 22, 0); // 23:00

const channels = [
  channel('everything'),
  channel('pager', { min_severity: 'major_outage' }),
  channel('office', { hours: 'only_business_hours' }),
  channel('night', { hours: 'outside_hours', min_severity: 'partial_outage' }),
  channel('opens-only', { events: ['opened'] }),
];

test('routes by min_severity: a degradation skips the channels that want outages', () => {
  const event = sampleEvent('opened', { at: tuesdayNoonParis, incident: { severity: 'degraded' } });
  assert.deepEqual(routeIncidentEvent({ event, channels, businessHours: paris, alerted: [] }), [
    'everything',
    'office',
    'opens-only',
  ]);
});

test('routes a major outage at noon in Paris to office-hours channels, not to the night channel', () => {
  const event = sampleEvent('opened', { at: tuesdayNoonParis, incident: { severity: 'major_outage' } });
  assert.deepEqual(routeIncidentEvent({ event, channels, businessHours: paris, alerted: [] }), [
    'everything',
    'pager',
    'office',
    'opens-only',
  ]);
});

test('routes a major outage at 23:00 in Paris to the night channel, not to office hours', () => {
  const event = sampleEvent('opened', { at: tuesdayNightParis, incident: { severity: 'major_outage' } });
  assert.deepEqual(routeIncidentEvent({ event, channels, businessHours: paris, alerted: [] }), [
    'everything',
    'pager',
    'night',
    'opens-only',
  ]);
});

test('the same instant is business hours in New York but not in Paris', () => {
  const at = Date.UTC(2026, 2, 3, 18, 0); // 19:00 Paris, 13:00 New York
  const event = sampleEvent('opened', { at, incident: { severity: 'degraded' } });
  const office = [channel('office', { hours: 'only_business_hours' })];
  assert.deepEqual(routeIncidentEvent({ event, channels: office, businessHours: paris, alerted: [] }), []);
  const newYork = { ...paris, timezone: 'America/New_York' };
  assert.deepEqual(routeIncidentEvent({ event, channels: office, businessHours: newYork, alerted: [] }), ['office']);
});

test('hour-bound channels never match without business hours', () => {
  const event = sampleEvent('opened', { at: tuesdayNoonParis });
  assert.deepEqual(routeIncidentEvent({ event, channels, alerted: [] }), ['everything', 'pager', 'opens-only']);
});

test('a resolve goes to the channels alerted of the incident, whatever the hour', () => {
  const event = sampleEvent('resolved', { at: tuesdayNightParis, incident: { severity: 'major_outage' } });
  assert.deepEqual(
    routeIncidentEvent({ event, channels, businessHours: paris, alerted: ['office', 'pager', 'gone'] }),
    ['pager', 'office'],
  );
});

test('a resolve of an incident no channel heard of goes nowhere', () => {
  const event = sampleEvent('resolved', { at: tuesdayNoonParis });
  assert.deepEqual(routeIncidentEvent({ event, channels, businessHours: paris, alerted: [] }), []);
});

test('a channel that does not take an event kind never gets it', () => {
  const event = sampleEvent('severity_changed', { at: tuesdayNoonParis });
  const routed = routeIncidentEvent({ event, channels, businessHours: paris, alerted: [] });
  assert.equal(routed.includes('opens-only'), false);
  assert.equal(routed.includes('everything'), true);
});
