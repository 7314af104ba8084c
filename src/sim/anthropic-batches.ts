import { answerTokensOf } from './answer-tokens-of.ts';
import { canceledLine, renderBatchLine } from './anthropic-batch-lines.ts';
import { readBatchRequests } from './anthropic-batch-requests.ts';
import { anthropicBatchView, hasEnded } from './anthropic-batch-view.ts';
import { createIdSuffix } from './ids.ts';
import { malformedJson } from './malformed-json.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { storageFull } from './resource-errors.ts';
import { pageLimit, pageOf } from './resource-page.ts';
import type { SimError } from './sim-error.ts';
import type { AnthropicBatch } from './sim-resources.ts';

function notFound(id: string): SimError {
  return { status: 404, type: 'not_found_error', message: `Message Batch ${id} not found.` };
}

function batchesUrl(call: ResourceCall): string {
  return `http://${call.exchange.request.headers.host ?? '127.0.0.1'}/v1/messages/batches`;
}

function view(call: ResourceCall, batch: AnthropicBatch, phase: 'created' | 'canceling' | 'current'): object {
  return anthropicBatchView(batch, { nowMs: call.nowMs, phase, batchesUrl: batchesUrl(call) });
}

function create(call: ResourceCall): ResourceResult {
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8'));
  } catch {
    return malformedJson('anthropic');
  }
  const requests = readBatchRequests(body);
  if (!Array.isArray(requests)) return requests;
  const { resources, nowMs } = call;
  const settings = {
    version: call.version,
    answerTokens: answerTokensOf(call.exchange),
    idSuffix: '',
    createdSeconds: Math.floor(nowMs / 1000),
  };
  const lines: string[] = [];
  let succeeded = 0;
  let bytes = 0;
  const freeBytes = resources.freeBytes();
  for (const request of requests) {
    settings.idSuffix = createIdSuffix();
    const line = renderBatchLine(request, settings);
    bytes += Buffer.byteLength(line.text);
    if (bytes > freeBytes) return storageFull('anthropic');
    lines.push(line.text);
    if (line.succeeded) succeeded += 1;
  }
  const results = Buffer.from(lines.join(''), 'utf8');
  const batch: AnthropicBatch = {
    id: `msgbatch_01${createIdSuffix()}`,
    owner: call.owner,
    sizeBytes: results.length,
    createdAtMs: nowMs,
    endsAtMs: nowMs + call.exchange.context.knobs.batchDelayMs,
    cancelInitiatedAtMs: undefined,
    customIds: requests.map((request) => request.customId),
    results,
    succeeded,
    errored: requests.length - succeeded,
    canceled: 0,
  };
  if (!resources.anthropicBatches.add(batch)) return storageFull('anthropic');
  return resourceJson(view(call, batch, 'created'));
}

function list(call: ResourceCall): ResourceResult {
  const query = new URLSearchParams(call.exchange.query);
  const newestFirst = call.resources.anthropicBatches.list(call.owner).reverse();
  const page = pageOf(newestFirst, {
    afterId: query.get('after_id'),
    beforeId: query.get('before_id'),
    limit: pageLimit(query.get('limit'), 20, 1000),
  });
  return resourceJson({
    data: page.items.map((batch) => view(call, batch, 'current')),
    has_more: page.hasMore,
    first_id: page.items[0]?.id ?? null,
    last_id: page.items.at(-1)?.id ?? null,
  });
}

/** Cancels a batch still processing: every request becomes `canceled` and the batch ends. An ended batch is unchanged. */
function cancel(call: ResourceCall, batch: AnthropicBatch): ResourceResult {
  if (hasEnded(batch, call.nowMs)) return resourceJson(view(call, batch, 'current'));
  const results = Buffer.from(batch.customIds.map(canceledLine).join(''), 'utf8');
  call.resources.anthropicBatches.resize(batch, results.length);
  batch.results = results;
  batch.cancelInitiatedAtMs = call.nowMs;
  batch.endsAtMs = call.nowMs;
  batch.succeeded = 0;
  batch.errored = 0;
  batch.canceled = batch.customIds.length;
  return resourceJson(view(call, batch, 'canceling'));
}

/**
 * The Message Batches API, per credential: create (answered at once, ended after the `batchDelayMs` knob), retrieve,
 * list (newest first, `limit`, `after_id`, `before_id`), cancel, delete (once ended) and results (JSONL once ended).
 * @see https://platform.claude.com/docs/en/api/creating-message-batches
 */
export function serveAnthropicBatches(call: ResourceCall): ResourceResult {
  const { action, resourceId } = call.exchange.route;
  if (action === 'create') return create(call);
  if (action === 'list') return list(call);
  const id = resourceId ?? '';
  const batch = call.resources.anthropicBatches.get(call.owner, id);
  if (batch === undefined) return notFound(id);
  switch (action) {
    case 'cancel':
      return cancel(call, batch);
    case 'results':
      if (!hasEnded(batch, call.nowMs)) {
        return { status: 404, type: 'not_found_error', message: `Message Batch ${id} has no available results.` };
      }
      return resourceAnswer(batch.results, 'application/x-jsonl');
    case 'delete':
      if (!hasEnded(batch, call.nowMs)) {
        return {
          status: 400,
          type: 'invalid_request_error',
          message: 'In progress batches cannot be deleted. Consider canceling the batch instead.',
        };
      }
      call.resources.anthropicBatches.remove(call.owner, id);
      return resourceJson({ id, type: 'message_batch_deleted' });
    default:
      return resourceJson(view(call, batch, 'current'));
  }
}
