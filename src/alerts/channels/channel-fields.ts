import { z } from 'zod';

const incidentEventKinds = ['opened', 'severity_changed', 'vendor_acknowledged', 'resolved'] as const;

/** Settings every channel has: its name, and which incident events reach it. */
export const channelFields = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'must be 1-63 characters of a-z, 0-9, _ and -' })
    .describe('Unique name of the channel; deliveries are recorded per event and channel name.'),
  min_severity: z
    .enum(['degraded', 'partial_outage', 'major_outage'])
    .default('degraded')
    .describe('Least severe incident this channel hears about: degraded, partial_outage or major_outage.'),
  hours: z
    .enum(['always', 'only_business_hours', 'outside_hours'])
    .default('always')
    .describe(
      'When this channel is alerted: always, only_business_hours or outside_hours (alerts.business_hours). A resolve always reaches a channel that heard of the incident.',
    ),
  events: z
    .array(z.enum(incidentEventKinds))
    .min(1)
    .default(() => [...incidentEventKinds])
    .describe('Incident events sent: opened, severity_changed, vendor_acknowledged, resolved (default: all).'),
};

/** A webhook URL setting: http(s) only. */
export const webhookUrlField = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
