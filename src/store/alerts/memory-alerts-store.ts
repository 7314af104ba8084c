import type { AlertDelivery, AlertsStore } from './alerts-store.ts';

function keyOf(eventId: string, channel: string): string {
  return `${eventId}\u0000${channel}`;
}

/** The in-memory AlertsStore, for gateways without a data directory and for tests. */
export function createMemoryAlertsStore(): AlertsStore {
  const deliveries = new Map<string, AlertDelivery>();
  const copy = (delivery: AlertDelivery): AlertDelivery => ({ ...delivery });
  return {
    enqueue(delivery) {
      const key = keyOf(delivery.eventId, delivery.channel);
      if (deliveries.has(key)) return false;
      deliveries.set(key, {
        eventId: delivery.eventId,
        channel: delivery.channel,
        incidentId: delivery.event.incident.id,
        event: delivery.event,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: delivery.createdAt,
        createdAt: delivery.createdAt,
      });
      return true;
    },
    listPending() {
      return [...deliveries.values()]
        .filter((delivery) => delivery.status === 'pending')
        .sort((left, right) => left.nextAttemptAt - right.nextAttemptAt)
        .map(copy);
    },
    get(eventId, channel) {
      const delivery = deliveries.get(keyOf(eventId, channel));
      return delivery === undefined ? undefined : copy(delivery);
    },
    channelsAlerted(incidentId) {
      const channels = new Set<string>();
      for (const delivery of deliveries.values()) {
        if (delivery.incidentId === incidentId && delivery.status !== 'skipped') channels.add(delivery.channel);
      }
      return [...channels].sort();
    },
    recordRetry(eventId, channel, retry) {
      const delivery = deliveries.get(keyOf(eventId, channel));
      if (delivery === undefined || delivery.status !== 'pending') return;
      delivery.attempts += 1;
      delivery.nextAttemptAt = retry.nextAttemptAt;
      delivery.lastError = retry.error;
    },
    finish(eventId, channel, end) {
      const delivery = deliveries.get(keyOf(eventId, channel));
      if (delivery === undefined || delivery.status !== 'pending') return;
      delivery.attempts += 1;
      delivery.status = end.status;
      delivery.finishedAt = end.at;
      if (end.error !== undefined) delivery.lastError = end.error;
    },
    listRecent(limit) {
      return [...deliveries.values()]
        .sort((left, right) => right.createdAt - left.createdAt)
        .slice(0, limit)
        .map(copy);
    },
    close() {},
  };
}
