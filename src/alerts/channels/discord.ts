import { z } from 'zod';
import type { IncidentEvent } from '../../core/monitoring.ts';
import { describeIncidentEvent } from '../describe-incident-event.ts';
import { postAlertJson, type sendOutboundRequest } from '../outbound-request.ts';
import { channelFields, webhookUrlField } from './channel-fields.ts';

/** Settings of a Discord channel (webhook). */
export const discordChannelSchema = z
  .strictObject({
    type: z.literal('discord').describe('Discord webhook.'),
    ...channelFields,
    url: webhookUrlField.describe('The webhook URL (a secret: https://discord.com/api/webhooks/ID/TOKEN).'),
    username: z.string().min(1).max(80).default('Outlast').describe('Name the message is posted under.'),
  })
  .describe('A Discord channel through a webhook.');

export type DiscordChannel = z.output<typeof discordChannelSchema>;

const colors = { degraded: 0xf1c40f, partial_outage: 0xe67e22, major_outage: 0xe74c3c } as const;
const resolvedColor = 0x2ecc71;

/**
 * The Discord webhook body: `username` and one embed (title, description, color, fields, timestamp).
 * @see https://discord.com/developers/docs/resources/webhook#execute-webhook
 */
export function renderDiscordMessage(event: IncidentEvent, username = 'Outlast'): Record<string, unknown> {
  const text = describeIncidentEvent(event);
  return {
    username,
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: text.title.slice(0, 256),
        description: text.body.slice(0, 4096),
        color: event.kind === 'resolved' ? resolvedColor : colors[event.incident.severity],
        timestamp: new Date(event.at).toISOString(),
        fields: [
          { name: 'Affected', value: text.subject, inline: true },
          { name: 'Severity', value: text.severity, inline: true },
          { name: 'Incident', value: event.incident.id, inline: true },
        ],
        footer: { text: 'Outlast' },
      },
    ],
  };
}

/** Posts the message to the webhook. */
export async function sendDiscordAlert(
  channel: DiscordChannel,
  event: IncidentEvent,
  deps: { timeoutMs: number; send?: typeof sendOutboundRequest },
): Promise<void> {
  await postAlertJson({
    url: channel.url,
    body: JSON.stringify(renderDiscordMessage(event, channel.username)),
    ...deps,
  });
}
