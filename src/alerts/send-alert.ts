import type { AlertChannelConfig } from '../config/alerts-schema.ts';
import type { IncidentEvent } from '../core/monitoring.ts';
import { sendDiscordAlert } from './channels/discord.ts';
import { sendEmailAlert } from './channels/email.ts';
import { sendPagerdutyAlert } from './channels/pagerduty.ts';
import { sendSlackAlert } from './channels/slack.ts';
import { sendWebhookAlert } from './channels/webhook.ts';
import type { sendOutboundRequest } from './outbound-request.ts';

/** What a send needs besides the channel and the event. */
export interface SendAlertDeps {
  /** Time allowed for the send, in ms. */
  timeoutMs: number;
  /** Clock (webhook signature time). */
  now: () => number;
  /** The outbound HTTP function (the one place a request guard goes). */
  send: typeof sendOutboundRequest;
}

/** Sends one event on one channel: `delivered`, or `skipped` when the channel has nothing to say about this kind. */
export async function sendAlert(
  channel: AlertChannelConfig,
  event: IncidentEvent,
  deps: SendAlertDeps,
): Promise<'delivered' | 'skipped'> {
  const http = { timeoutMs: deps.timeoutMs, send: deps.send };
  switch (channel.type) {
    case 'slack':
      await sendSlackAlert(channel, event, http);
      return 'delivered';
    case 'discord':
      await sendDiscordAlert(channel, event, http);
      return 'delivered';
    case 'pagerduty':
      return (await sendPagerdutyAlert(channel, event, http)) ? 'delivered' : 'skipped';
    case 'email':
      await sendEmailAlert(channel, event, { timeoutMs: deps.timeoutMs });
      return 'delivered';
    case 'webhook':
      await sendWebhookAlert(channel, event, { ...http, now: deps.now });
      return 'delivered';
  }
}
