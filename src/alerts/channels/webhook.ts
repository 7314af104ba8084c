import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { IncidentEvent } from '../../core/monitoring.ts';
import { postAlertJson, type sendOutboundRequest } from '../outbound-request.ts';
import { channelFields, webhookUrlField } from './channel-fields.ts';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-outlast-signature';

/** Settings of a generic webhook channel. */
export const webhookChannelSchema = z
  .strictObject({
    type: z.literal('webhook').describe('Generic JSON webhook, signed with HMAC-SHA256.'),
    ...channelFields,
    url: webhookUrlField.describe('Where the JSON is posted.'),
    secret: z
      .string()
      .min(16, { error: 'use at least 16 characters' })
      .describe(
        'Shared secret of the HMAC-SHA256 signature (x-outlast-signature); usually an environment variable reference.',
      ),
    headers: z.record(z.string(), z.string()).optional().describe('Extra request headers (e.g. an auth token).'),
  })
  .describe('Any HTTP endpoint: a signed JSON body per incident event.');

export type WebhookChannel = z.output<typeof webhookChannelSchema>;

/** The JSON body: the event's id, kind and time, and the incident after it (pure). */
export function renderWebhookBody(event: IncidentEvent): string {
  return JSON.stringify({
    type: `incident.${event.kind}`,
    id: event.id,
    at: new Date(event.at).toISOString(),
    incident: event.incident,
  });
}

/** The signature header value for `body` sent at `atMs` (pure). */
export function signWebhookBody(options: { body: string; secret: string; atMs: number }): string {
  const timestamp = Math.floor(options.atMs / 1000);
  const digest = createHmac('sha256', options.secret).update(`${timestamp}.${options.body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

/** Posts the signed body. */
export async function sendWebhookAlert(
  channel: WebhookChannel,
  event: IncidentEvent,
  deps: { timeoutMs: number; now: () => number; send?: typeof sendOutboundRequest },
): Promise<void> {
  const body = renderWebhookBody(event);
  await postAlertJson({
    url: channel.url,
    body,
    headers: {
      ...channel.headers,
      [SIGNATURE_HEADER]: signWebhookBody({ body, secret: channel.secret, atMs: deps.now() }),
      'x-outlast-event-id': event.id,
    },
    timeoutMs: deps.timeoutMs,
    ...(deps.send === undefined ? {} : { send: deps.send }),
  });
}
