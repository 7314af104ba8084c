import { z } from 'zod';
import type { IncidentEvent } from '../../core/monitoring.ts';
import { describeIncidentEvent } from '../describe-incident-event.ts';
import { postAlertJson, type sendOutboundRequest } from '../outbound-request.ts';
import { channelFields, webhookUrlField } from './channel-fields.ts';

/** Settings of a Slack channel (incoming webhook). */
export const slackChannelSchema = z
  .strictObject({
    type: z.literal('slack').describe('Slack incoming webhook.'),
    ...channelFields,
    url: webhookUrlField.describe('The incoming webhook URL (a secret: https://hooks.slack.com/services/...).'),
  })
  .describe('A Slack channel through an incoming webhook.');

export type SlackChannel = z.output<typeof slackChannelSchema>;

const icons = {
  opened: ':red_circle:',
  severity_changed: ':large_orange_circle:',
  vendor_acknowledged: ':eyes:',
  resolved: ':large_green_circle:',
} as const;

/**
 * The Slack message: `text` (the notification and fallback) and Block Kit blocks.
 * @see https://api.slack.com/messaging/webhooks
 */
export function renderSlackMessage(event: IncidentEvent): Record<string, unknown> {
  const text = describeIncidentEvent(event);
  return {
    text: `${icons[event.kind]} ${text.title}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: text.body } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Outlast · ${event.incident.id} · ${text.severity}` }] },
    ],
  };
}

/** Posts the message to the webhook. */
export async function sendSlackAlert(
  channel: SlackChannel,
  event: IncidentEvent,
  deps: { timeoutMs: number; send?: typeof sendOutboundRequest },
): Promise<void> {
  await postAlertJson({ url: channel.url, body: JSON.stringify(renderSlackMessage(event)), ...deps });
}
