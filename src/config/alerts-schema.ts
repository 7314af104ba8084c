import { z } from 'zod';
import { discordChannelSchema } from '../alerts/channels/discord.ts';
import { emailChannelSchema } from '../alerts/channels/email.ts';
import { pagerdutyChannelSchema } from '../alerts/channels/pagerduty.ts';
import { slackChannelSchema } from '../alerts/channels/slack.ts';
import { webhookChannelSchema } from '../alerts/channels/webhook.ts';
import { WEEK_DAYS } from '../alerts/is-within-business-hours.ts';

/** Delivery defaults: exponential backoff from 2 s to 10 min, 12 attempts (about an hour), 10 s per attempt. */
export const DEFAULT_ALERT_DELIVERY = {
  max_attempts: 12,
  base_ms: 2_000,
  cap_ms: 600_000,
  timeout_ms: 10_000,
} as const;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** One alert channel, by `type`. */
export const alertChannelSchema = z
  .discriminatedUnion('type', [
    slackChannelSchema,
    discordChannelSchema,
    pagerdutyChannelSchema,
    emailChannelSchema,
    webhookChannelSchema,
  ])
  .describe('An alert channel: slack, discord, pagerduty, email or webhook.');

const businessHoursSchema = z
  .strictObject({
    timezone: z
      .string()
      .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Paris or America/New_York' })
      .describe('IANA time zone of the working day, e.g. Europe/Paris.'),
    days: z
      .array(z.enum(WEEK_DAYS))
      .min(1)
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Working days: sun, mon, tue, wed, thu, fri, sat.'),
    start: z
      .string()
      .regex(TIME_PATTERN, { error: 'must be HH:MM (24 h)' })
      .default('09:00')
      .describe('Start of the working day, HH:MM local time.'),
    end: z
      .string()
      .regex(TIME_PATTERN, { error: 'must be HH:MM (24 h)' })
      .default('18:00')
      .describe('End of the working day, HH:MM local time (earlier than start: the span runs past midnight).'),
  })
  .refine((hours) => hours.start !== hours.end, { error: 'start and end must differ', path: ['end'] })
  .describe('Business hours for channels with hours only_business_hours or outside_hours.');

const deliverySchema = z
  .strictObject({
    max_attempts: z
      .int()
      .min(1)
      .max(100)
      .default(DEFAULT_ALERT_DELIVERY.max_attempts)
      .describe('Send attempts per event and channel before giving up.'),
    base_ms: z
      .int()
      .positive()
      .default(DEFAULT_ALERT_DELIVERY.base_ms)
      .describe('Wait before the first retry, in ms; it doubles with each retry (jittered by up to 50%).'),
    cap_ms: z.int().positive().default(DEFAULT_ALERT_DELIVERY.cap_ms).describe('Longest wait between retries, in ms.'),
    timeout_ms: z
      .int()
      .positive()
      .default(DEFAULT_ALERT_DELIVERY.timeout_ms)
      .describe('Time allowed for one send (HTTP exchange or SMTP dialogue), in ms.'),
  })
  .default(() => ({ ...DEFAULT_ALERT_DELIVERY }))
  .describe('Retries of a failed delivery.');

/** The `alerts` section of outlast.yaml. */
export const alertsSchema = z
  .strictObject({
    channels: z
      .array(alertChannelSchema)
      .default(() => [])
      .describe('Where incident events are sent; each event reaches each matching channel once.'),
    business_hours: businessHoursSchema.optional(),
    delivery: deliverySchema,
  })
  .superRefine((alerts, context) => {
    const seen = new Set<string>();
    alerts.channels.forEach((channel, index) => {
      if (seen.has(channel.name)) {
        context.addIssue({
          code: 'custom',
          path: ['channels', index, 'name'],
          message: `duplicate channel name '${channel.name}'`,
        });
      }
      seen.add(channel.name);
      if (channel.hours !== 'always' && alerts.business_hours === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['channels', index, 'hours'],
          message: `hours '${channel.hours}' needs alerts.business_hours`,
        });
      }
    });
  })
  .default(() => ({ channels: [], delivery: { ...DEFAULT_ALERT_DELIVERY } }))
  .describe('Alerts: one notification per incident event to Slack, Discord, PagerDuty, email or signed webhooks.');

export type AlertsConfig = z.output<typeof alertsSchema>;
export type AlertChannelConfig = z.output<typeof alertChannelSchema>;
