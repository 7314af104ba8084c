import { hasFinished } from './openai-batch-settle.ts';
import type { OpenAiBatch } from './sim-resources.ts';

/** A batch expires 24 hours after creation (`completion_window: 24h`). */
const windowMs = 24 * 60 * 60 * 1000;

/** Which moment of a batch's life a response shows. */
export type OpenAiBatchPhase = 'created' | 'cancelling' | 'current';

/** An OpenAI batch status. */
export type OpenAiBatchStatus = 'validating' | 'in_progress' | 'completed' | 'failed' | 'cancelling' | 'cancelled';

/** The status of a batch at `nowMs`: `in_progress` until it ends, then `completed` or `failed`; `cancelled` once cancelled. */
export function openAiBatchStatus(batch: OpenAiBatch, nowMs: number, phase: OpenAiBatchPhase): OpenAiBatchStatus {
  if (phase === 'created') return 'validating';
  if (phase === 'cancelling') return 'cancelling';
  if (batch.cancellingAtMs !== undefined) return 'cancelled';
  if (!hasFinished(batch, nowMs)) return 'in_progress';
  return batch.errors.length > 0 ? 'failed' : 'completed';
}

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.floor(ms / 1000);
}

/**
 * The `batch` object: `validating` in the create response, `in_progress` until the batch ends, then `completed` (with
 * its output and error files) or `failed` (with `errors`, when the input file was invalid). Cancelling shows
 * `cancelling`, then `cancelled`.
 * @see https://platform.openai.com/docs/api-reference/batch/object
 */
export function openAiBatchView(batch: OpenAiBatch, nowMs: number, phase: OpenAiBatchPhase): object {
  const status = openAiBatchStatus(batch, nowMs, phase);
  const started = status !== 'validating' && status !== 'failed';
  const done = status === 'completed';
  const counted = status === 'validating' || status === 'failed' ? 0 : batch.total;
  const { usage } = batch;
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    model: batch.model ?? null,
    errors: status === 'failed' ? { object: 'list', data: batch.errors } : null,
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status,
    output_file_id: done ? batch.outputFileId : null,
    error_file_id: done ? batch.errorFileId : null,
    created_at: seconds(batch.createdAtMs),
    in_progress_at: started ? seconds(batch.createdAtMs) : null,
    expires_at: seconds(batch.createdAtMs + windowMs),
    finalizing_at: done ? seconds(batch.endsAtMs) : null,
    completed_at: done ? seconds(batch.endsAtMs) : null,
    failed_at: status === 'failed' ? seconds(batch.endsAtMs) : null,
    expired_at: null,
    cancelling_at: seconds(batch.cancellingAtMs),
    cancelled_at: status === 'cancelled' ? seconds(batch.cancellingAtMs) : null,
    request_counts: {
      total: counted,
      completed: done ? batch.completed : 0,
      failed: done ? batch.failed : 0,
    },
    usage: {
      input_tokens: done ? usage.inputTokens : 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: done ? usage.outputTokens : 0,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: done ? usage.inputTokens + usage.outputTokens : 0,
    },
    metadata: batch.metadata,
  };
}
