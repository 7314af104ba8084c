import type { AnthropicBatch } from './sim-resources.ts';

/** How long a batch may process before it expires (the view's `expires_at`). */
const expiryMs = 24 * 60 * 60 * 1000;

/** Which moment of a batch's life a response shows. */
export type AnthropicBatchPhase = 'created' | 'canceling' | 'current';

/** What the view of a batch depends on besides the batch. */
export interface AnthropicBatchViewOptions {
  /** Now, epoch ms. */
  nowMs: number;
  /** `created` for the create response (always `in_progress`), `canceling` for the cancel response, else `current`. */
  phase: AnthropicBatchPhase;
  /** Absolute URL of `/v1/messages/batches` on the host the client called. */
  batchesUrl: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whether a batch has ended by `nowMs` (a cancellation ends it at once). */
export function hasEnded(batch: AnthropicBatch, nowMs: number): boolean {
  return nowMs >= batch.endsAtMs;
}

/**
 * The `message_batch` object: `in_progress` with every request `processing` until it ends, then `ended` with the
 * outcome counts, `ended_at` and `results_url`. The cancel response shows `canceling` with the requests still
 * processing, as the API does before it finalizes the cancellation.
 * @see https://platform.claude.com/docs/en/api/retrieving-message-batches
 */
export function anthropicBatchView(batch: AnthropicBatch, options: AnthropicBatchViewOptions): object {
  const total = batch.customIds.length;
  const ended = options.phase === 'current' && hasEnded(batch, options.nowMs);
  const status = ended ? 'ended' : options.phase === 'canceling' ? 'canceling' : 'in_progress';
  return {
    id: batch.id,
    type: 'message_batch',
    processing_status: status,
    request_counts: ended
      ? { processing: 0, succeeded: batch.succeeded, errored: batch.errored, canceled: batch.canceled, expired: 0 }
      : { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
    ended_at: ended ? iso(batch.endsAtMs) : null,
    created_at: iso(batch.createdAtMs),
    expires_at: iso(batch.createdAtMs + expiryMs),
    archived_at: null,
    cancel_initiated_at: batch.cancelInitiatedAtMs === undefined ? null : iso(batch.cancelInitiatedAtMs),
    results_url: ended ? `${options.batchesUrl}/${batch.id}/results` : null,
  };
}
