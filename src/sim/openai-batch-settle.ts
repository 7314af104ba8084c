import { createIdSuffix } from './ids.ts';
import type { OpenAiBatch, SimResources, StoredFile } from './sim-resources.ts';

/** Batch output and error files expire 30 days after they are made. */
const outputExpiryMs = 30 * 24 * 60 * 60 * 1000;

/** Whether a batch has reached its end (completed or failed) and was not cancelled. */
export function hasFinished(batch: OpenAiBatch, nowMs: number): boolean {
  return batch.cancellingAtMs === undefined && nowMs >= batch.endsAtMs;
}

function outputFile(batch: OpenAiBatch, content: Buffer, kind: 'output' | 'error'): StoredFile {
  return {
    id: `file-${createIdSuffix()}`,
    owner: batch.owner,
    sizeBytes: content.length,
    filename: `${batch.id}_${kind}.jsonl`,
    mimeType: 'application/jsonl',
    purpose: 'batch_output',
    content,
    createdAtMs: batch.endsAtMs,
    expiresAtMs: batch.endsAtMs + outputExpiryMs,
    downloadable: true,
  };
}

/**
 * Creates the output and error files (purpose `batch_output`) of an owner's batches that completed by `nowMs`, once
 * each. Their bytes move from the batch to the files, so the storage budget was charged when the batch was created.
 */
export function settleOpenAiBatches(resources: SimResources, owner: string, nowMs: number): void {
  for (const batch of resources.openAiBatches.list(owner)) {
    if (batch.settled || !hasFinished(batch, nowMs)) continue;
    batch.settled = true;
    if (batch.errors.length > 0) continue;
    const { output, errorOutput } = batch;
    resources.openAiBatches.resize(batch, 0);
    batch.output = Buffer.alloc(0);
    batch.errorOutput = Buffer.alloc(0);
    if (output.length > 0) {
      const file = outputFile(batch, output, 'output');
      resources.openAiFiles.insert(file);
      batch.outputFileId = file.id;
    }
    if (errorOutput.length > 0) {
      const file = outputFile(batch, errorOutput, 'error');
      resources.openAiFiles.insert(file);
      batch.errorFileId = file.id;
    }
  }
}
