import { createIdSuffix } from './ids.ts';
import { settleOpenAiBatches } from './openai-batch-settle.ts';
import { openAiFileView } from './openai-file-view.ts';
import { type MultipartPart, readMultipart } from './read-multipart.ts';
import { headerText } from './request-credentials.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { noSuchFile, storageFull } from './resource-errors.ts';
import { pageLimit, pageOf } from './resource-page.ts';
import type { SimError } from './sim-error.ts';
import type { StoredFile } from './sim-resources.ts';

/** Purposes an upload may name. */
const purposes = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

/** Batch input files expire 30 days after upload unless `expires_after` says otherwise. */
const batchExpiryMs = 30 * 24 * 60 * 60 * 1000;

function invalid(message: string, param: string | undefined = undefined, code: string | null = null): SimError {
  return { status: 400, type: 'invalid_request_error', param, code, message };
}

function missing(param: string): SimError {
  return invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

function field(parts: MultipartPart[], name: string): string | undefined {
  const part = parts.find((candidate) => candidate.name === name && candidate.filename === undefined);
  return part?.data.toString('utf8');
}

/** `expires_after[anchor]=created_at` with `expires_after[seconds]` between 1 hour and 30 days. */
function expiryOf(parts: MultipartPart[], purpose: string, nowMs: number): number | undefined | SimError {
  const seconds = field(parts, 'expires_after[seconds]');
  if (seconds === undefined) return purpose === 'batch' ? nowMs + batchExpiryMs : undefined;
  const value = Number(seconds);
  if (!Number.isInteger(value) || value < 3600 || value > 2_592_000) {
    return invalid(
      `Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000, got ${seconds}.`,
      'expires_after.seconds',
      'invalid_value',
    );
  }
  return nowMs + value * 1000;
}

function upload(call: ResourceCall): ResourceResult {
  const parts = readMultipart(call.body, headerText(call.exchange.request.headers['content-type']));
  if (parts === undefined) return invalid('The request must be multipart/form-data with a file and a purpose.');
  const part = parts.find((candidate) => candidate.name === 'file' && candidate.filename !== undefined);
  if (part === undefined) return missing('file');
  const purpose = field(parts, 'purpose');
  if (purpose === undefined) return missing('purpose');
  if (!purposes.includes(purpose)) {
    return invalid(
      `'${purpose}' is not one of ${JSON.stringify(purposes).replaceAll('"', "'")} - 'purpose'`,
      'purpose',
    );
  }
  const filename = part.filename!.length > 0 ? part.filename! : 'file';
  if (purpose === 'batch' && !filename.endsWith('.jsonl'))
    return invalid('Invalid file format for Batch API. Must be .jsonl');
  const expiresAtMs = expiryOf(parts, purpose, call.nowMs);
  if (typeof expiresAtMs === 'object') return expiresAtMs;
  const content = Buffer.from(part.data);
  const file: StoredFile = {
    id: `file-${createIdSuffix()}`,
    owner: call.owner,
    sizeBytes: content.length,
    filename,
    mimeType: 'application/octet-stream',
    purpose,
    content,
    createdAtMs: call.nowMs,
    expiresAtMs,
    downloadable: true,
  };
  if (!call.resources.openAiFiles.add(file)) return storageFull('openai');
  return resourceJson(openAiFileView(file));
}

/** `purpose` filter, `order` (default `desc`), `limit` (default and most 10,000), `after` cursor. */
function list(call: ResourceCall): ResourceResult {
  const query = new URLSearchParams(call.exchange.query);
  const purpose = query.get('purpose');
  let files = call.resources.openAiFiles.list(call.owner);
  if (purpose !== null) files = files.filter((file) => file.purpose === purpose);
  if (query.get('order') !== 'asc') files.reverse();
  const page = pageOf(files, { afterId: query.get('after'), limit: pageLimit(query.get('limit'), 10_000, 10_000) });
  return resourceJson({
    object: 'list',
    data: page.items.map(openAiFileView),
    first_id: page.items[0]?.id ?? null,
    last_id: page.items.at(-1)?.id ?? null,
    has_more: page.hasMore,
  });
}

/**
 * The OpenAI Files API, per credential: upload (multipart `file` and `purpose`), list, retrieve, content and delete.
 * Batch output and error files appear here once their batch completes.
 * @see https://platform.openai.com/docs/api-reference/files
 */
export function serveOpenAiFiles(call: ResourceCall): ResourceResult {
  const { action, resourceId } = call.exchange.route;
  if (action === 'create') return upload(call);
  settleOpenAiBatches(call.resources, call.owner, call.nowMs);
  if (action === 'list') return list(call);
  const id = resourceId ?? '';
  const file = call.resources.openAiFiles.get(call.owner, id);
  if (file === undefined) return noSuchFile(id);
  switch (action) {
    case 'content':
      if (file.purpose === 'assistants') return invalid('Not allowed to download files of purpose: assistants');
      return resourceAnswer(file.content, 'application/octet-stream');
    case 'delete':
      call.resources.openAiFiles.remove(call.owner, id);
      return resourceJson({ id, object: 'file', deleted: true });
    default:
      return resourceJson(openAiFileView(file));
  }
}
