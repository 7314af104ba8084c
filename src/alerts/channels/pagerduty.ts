import { z } from 'zod';
import type { IncidentEvent } from '../../core/monitoring.ts';
import { describeIncidentEvent } from '../describe-incident-event.ts';
import { postAlertJson, type sendOutboundRequest } from '../outbound-request.ts';
import { channelFields, webhookUrlField } from './channel-fields.ts';

/** PagerDuty's Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Settings of a PagerDuty channel (Events API v2). */
export const pagerdutyChannelSchema = z
  .strictObject({
    type: z.literal('pagerduty').describe('PagerDuty Events API v2.'),
    ...channelFields,
    routing_key: z.string().min(1).describe('The integration (routing) key of the service; a secret.'),
    events_url: webhookUrlField
      .default(PAGERDUTY_EVENTS_URL)
      .describe('Events API v2 endpoint (https://events.pagerduty.com/v2/enqueue; EU accounts may differ).'),
  })
  .describe('A PagerDuty service: trigger on open and severity change, resolve on recovery, dedup_key = incident id.');

export type PagerdutyChannel = z.output<typeof pagerdutyChannelSchema>;

const severities = { degraded: 'warning', partial_outage: 'error', major_outage: 'critical' } as const;

/**
 * The Events API v2 body, or undefined when the event is not sent to PagerDuty (a vendor acknowledgement changes
 * nothing for the on-call person). `dedup_key` is the incident id so the resolve closes the alert the trigger opened.
 * @see https://developer.pagerduty.com/docs/events-API-v2/trigger-events/
 */
export function renderPagerdutyEvent(event: IncidentEvent, routingKey: string): Record<string, unknown> | undefined {
  const { incident } = event;
  if (event.kind === 'vendor_acknowledged') return undefined;
  if (event.kind === 'resolved') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: incident.id };
  }
  const text = describeIncidentEvent(event);
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: incident.id,
    client: 'Outlast',
    payload: {
      summary: text.title.slice(0, 1024),
      source: text.subject,
      severity: severities[incident.severity],
      timestamp: new Date(event.at).toISOString(),
      component: incident.provider,
      ...(incident.model === undefined ? {} : { group: incident.model }),
      class: event.kind,
      custom_details: {
        incident_id: incident.id,
        opened_at: new Date(incident.openedAt).toISOString(),
        details: text.body,
      },
    },
  };
}

/** Sends the event; false when there is nothing to send for this kind. */
export async function sendPagerdutyAlert(
  channel: PagerdutyChannel,
  event: IncidentEvent,
  deps: { timeoutMs: number; send?: typeof sendOutboundRequest },
): Promise<boolean> {
  const body = renderPagerdutyEvent(event, channel.routing_key);
  if (body === undefined) return false;
  await postAlertJson({ url: channel.events_url, body: JSON.stringify(body), ...deps });
  return true;
}
