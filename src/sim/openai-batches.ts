import { answerTokensOf } from './answer-tokens-of.ts';
import { createIdSuffix } from './ids.ts';
import { malformedJson } from './malformed-json.ts';
import { batchEndpoints, runBatchInput } from './openai-batch-lines.ts';
import { hasFinished, settleOpenAiBatches } from './openai-batch-settle.ts';
import { openAiBatchStatus, openAiBatchView } from './openai-batch-view.ts';
import { resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { noSuchFile, storageFull } from './resource-errors.ts';
import { pageLimit, pageOf } from './resource-page.ts';
import type { SimError } from './sim-error.ts';
import type { OpenAiBatch } from './sim-resources.ts';

type JsonObject = Record<string, unknown>;

function invalid(message: string, param: string | undefined, code: string | null): SimError {
  return { status: 400, type: 'invalid_request_error', param, code, message };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function supported(values: string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** Checks `metadata`: at most 16 string values, keys up to 64 characters, values up to 512. */
function checkMetadata(metadata: unknown): SimError | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  const problem = invalid(
    "Invalid 'metadata': expected an object of at most 16 string values (keys up to 64 characters, values up to 512).",
    'metadata',
    'invalid_value',
  );
  if (!isObject(metadata)) return problem;
  const entries = Object.entries(metadata);
  if (entries.length > 16) return problem;
  const fits = ([key, value]: [string, unknown]) =>
    key.length <= 64 && typeof value === 'string' && value.length <= 512;
  return entries.every(fits) ? undefined : problem;
}

function checkCreate(body: unknown): SimError | undefined {
  if (!isObject(body)) return invalid('The request body must be a JSON object.', undefined, null);
  for (const field of ['input_file_id', 'endpoint', 'completion_window']) {
    if (body[field] === undefined) {
      return invalid(`Missing required parameter: '${field}'.`, field, 'missing_required_parameter');
    }
  }
  const { endpoint, completion_window: window } = body;
  if (typeof endpoint !== 'string' || !batchEndpoints.has(endpoint)) {
    const values = supported([...batchEndpoints.keys()]);
    return invalid(
      `Invalid value: '${String(endpoint)}'. Supported values are: ${values}.`,
      'endpoint',
      'invalid_value',
    );
  }
  if (window !== '24h') {
    return invalid(
      `Invalid value: '${String(window)}'. Supported values are: '24h'.`,
      'completion_window',
      'invalid_value',
    );
  }
  return checkMetadata(body.metadata);
}

/** Reads and answers the input file at once; the batch then shows `in_progress` until the `batchDelayMs` knob passes. */
function create(call: ResourceCall): ResourceResult {
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8'));
  } catch {
    return malformedJson('openai');
  }
  const problem = checkCreate(body);
  if (problem !== undefined) return problem;
  const request = body as JsonObject;
  const inputFileId = String(request.input_file_id);
  const { resources, nowMs } = call;
  const input = resources.openAiFiles.get(call.owner, inputFileId);
  if (input === undefined) return noSuchFile(inputFileId);
  if (input.purpose !== 'batch') {
    return invalid(
      `File ${inputFileId} has purpose '${input.purpose}': a batch input file needs purpose 'batch'.`,
      'input_file_id',
      null,
    );
  }
  const endpoint = request.endpoint as string;
  const run = runBatchInput(input.content, {
    endpoint,
    answerTokens: answerTokensOf(call.exchange),
    createdSeconds: Math.floor(nowMs / 1000),
    maxBytes: resources.freeBytes(),
  });
  if (run === undefined) return storageFull('openai');
  const output = Buffer.from(run.output, 'utf8');
  const errorOutput = Buffer.from(run.errorOutput, 'utf8');
  const batch: OpenAiBatch = {
    id: `batch_${createIdSuffix()}`,
    owner: call.owner,
    sizeBytes: output.length + errorOutput.length,
    endpoint,
    inputFileId,
    completionWindow: '24h',
    metadata: (request.metadata as Record<string, string> | undefined) ?? null,
    model: run.model,
    createdAtMs: nowMs,
    endsAtMs: nowMs + call.exchange.context.knobs.batchDelayMs,
    cancellingAtMs: undefined,
    errors: run.errors,
    output,
    errorOutput,
    total: run.total,
    completed: run.completed,
    failed: run.failed,
    usage: run.usage,
    settled: false,
    outputFileId: null,
    errorFileId: null,
  };
  if (!resources.openAiBatches.add(batch)) return storageFull('openai');
  return resourceJson(openAiBatchView(batch, nowMs, 'created'));
}

/** Newest first; `after` cursor, `limit` 1 to 100 (default 20). */
function list(call: ResourceCall): ResourceResult {
  const query = new URLSearchParams(call.exchange.query);
  const newestFirst = call.resources.openAiBatches.list(call.owner).reverse();
  const page = pageOf(newestFirst, { afterId: query.get('after'), limit: pageLimit(query.get('limit'), 20, 100) });
  return resourceJson({
    object: 'list',
    data: page.items.map((batch) => openAiBatchView(batch, call.nowMs, 'current')),
    first_id: page.items[0]?.id ?? null,
    last_id: page.items.at(-1)?.id ?? null,
    has_more: page.hasMore,
  });
}

/** Cancels a batch still in progress (its answers are dropped); a finished or cancelled one is a 409. */
function cancel(call: ResourceCall, batch: OpenAiBatch): ResourceResult {
  if (batch.cancellingAtMs !== undefined || hasFinished(batch, call.nowMs)) {
    const status = openAiBatchStatus(batch, call.nowMs, 'current');
    return {
      status: 409,
      type: 'invalid_request_error',
      code: null,
      message: `Cannot cancel a batch with status '${status}'.`,
    };
  }
  call.resources.openAiBatches.resize(batch, 0);
  batch.output = Buffer.alloc(0);
  batch.errorOutput = Buffer.alloc(0);
  batch.cancellingAtMs = call.nowMs;
  return resourceJson(openAiBatchView(batch, call.nowMs, 'cancelling'));
}

/**
 * The OpenAI Batch API, per credential: create (from an uploaded `batch` file, for `/v1/chat/completions`,
 * `/v1/responses` or `/v1/embeddings`), retrieve, list and cancel.
 * @see https://platform.openai.com/docs/api-reference/batch
 */
export function serveOpenAiBatches(call: ResourceCall): ResourceResult {
  const { action, resourceId } = call.exchange.route;
  if (action === 'create') return create(call);
  settleOpenAiBatches(call.resources, call.owner, call.nowMs);
  if (action === 'list') return list(call);
  const id = resourceId ?? '';
  const batch = call.resources.openAiBatches.get(call.owner, id);
  if (batch === undefined) {
    return {
      status: 404,
      type: 'invalid_request_error',
      code: 'batch_not_found',
      message: `No batch found with id '${id}'.`,
    };
  }
  if (action === 'cancel') return cancel(call, batch);
  return resourceJson(openAiBatchView(batch, call.nowMs, 'current'));
}
