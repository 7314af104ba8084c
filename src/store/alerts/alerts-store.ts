import type { IncidentEvent } from '../../core/monitoring.ts';

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'skipped' | 'failed';

/** One alert delivery: an incident event sent (or to be sent) to one channel. */
export interface AlertDelivery {
  /** The incident event's id (`IncidentEvent.id`). */
  eventId: string;
  /** The channel's `name` from the config. */
  channel: string;
  /** The incident the event belongs to. */
  incidentId: string;
  /** The event itself, kept so a pending delivery resumes after a restart. */
  event: IncidentEvent;
  /** pending (not yet sent or retrying), delivered, skipped (nothing to send on this channel), failed (gave up). */
  status: DeliveryStatus;
  /** Send attempts made so far. */
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: number;
  /** When the delivery was recorded. */
  createdAt: number;
  /** When it was delivered, skipped or given up. */
  finishedAt?: number | undefined;
  /** The last failure, without secrets (no URL, key or password). */
  lastError?: string | undefined;
}

/** A new delivery to record. */
export interface NewAlertDelivery {
  /** The incident event's id. */
  eventId: string;
  /** The channel's name. */
  channel: string;
  /** The event. */
  event: IncidentEvent;
  /** Recording time (also the first attempt's due time). */
  createdAt: number;
}

/** Persistent delivery state of alerts (domain `alerts`): what makes "never page twice" survive a restart. */
export interface AlertsStore {
  /** Records a pending delivery unless one exists for (eventId, channel); true when it was new. */
  enqueue(delivery: NewAlertDelivery): boolean;
  /** Pending deliveries, earliest due first. */
  listPending(): AlertDelivery[];
  /** The delivery for (eventId, channel), if any. */
  get(eventId: string, channel: string): AlertDelivery | undefined;
  /** Channels that were sent (or are being sent) an event of this incident: any delivery not skipped. */
  channelsAlerted(incidentId: string): string[];
  /** A failed attempt that will be retried at `nextAttemptAt`. */
  recordRetry(eventId: string, channel: string, retry: { nextAttemptAt: number; error: string }): void;
  /** Ends a pending delivery: delivered, skipped or failed (the last with the error that made it give up). */
  finish(
    eventId: string,
    channel: string,
    end: { status: Exclude<DeliveryStatus, 'pending'>; at: number; error?: string },
  ): void;
  /** The latest deliveries, newest first (admin view). */
  listRecent(limit: number): AlertDelivery[];
  /** Releases the backend. */
  close(): void;
}
