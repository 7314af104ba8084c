import { createIdSuffix } from './ids.ts';
import { mimeTypeOf } from './mime-type.ts';
import { readMultipart } from './read-multipart.ts';
import { headerText } from './request-credentials.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { storageFull } from './resource-errors.ts';
import { pageLimit, pageOf } from './resource-page.ts';
import type { SimError } from './sim-error.ts';
import type { StoredFile } from './sim-resources.ts';

function invalid(message: string, code?: string): SimError {
  return { status: 400, type: 'invalid_request_error', code, message };
}

/** The `file` object (metadata) of the Files API. */
function fileView(file: StoredFile): object {
  return {
    id: file.id,
    created_at: new Date(file.createdAtMs).toISOString(),
    filename: file.filename,
    mime_type: file.mimeType,
    size_bytes: file.content.length,
    type: 'file',
    downloadable: file.downloadable,
  };
}

/**
 * Uploads the `file` part of a multipart body. Uploaded files are not downloadable, as on the API (only files a tool
 * produced are); the simulator-only header `x-sim-downloadable: true` marks an upload downloadable, as if a tool had
 * made it.
 */
function upload(call: ResourceCall): ResourceResult {
  const { request } = call.exchange;
  const parts = readMultipart(call.body, headerText(request.headers['content-type']));
  if (parts === undefined)
    return invalid('There was an issue with the format of your request: expected multipart/form-data.');
  const part = parts.find((candidate) => candidate.name === 'file' && candidate.filename !== undefined);
  if (part === undefined) return invalid('file: Field required');
  const filename = part.filename!.length > 0 ? part.filename! : 'file';
  if (filename.length > 500) return invalid('file.filename: String should have at most 500 characters');
  const content = Buffer.from(part.data);
  const file: StoredFile = {
    id: `file_011${createIdSuffix()}`,
    owner: call.owner,
    sizeBytes: content.length,
    filename,
    mimeType: mimeTypeOf(filename, part.contentType),
    purpose: '',
    content,
    createdAtMs: call.nowMs,
    expiresAtMs: undefined,
    downloadable: headerText(request.headers['x-sim-downloadable']) === 'true',
  };
  if (!call.resources.anthropicFiles.add(file)) return storageFull('anthropic');
  return resourceJson(fileView(file));
}

/** Newest first; `limit`, `after_id`, `before_id` as documented, and the `page` cursor of newer SDKs (`next_page`). */
function list(call: ResourceCall): ResourceResult {
  const query = new URLSearchParams(call.exchange.query);
  const newestFirst = call.resources.anthropicFiles.list(call.owner).reverse();
  const page = pageOf(newestFirst, {
    afterId: query.get('after_id') ?? query.get('page'),
    beforeId: query.get('before_id'),
    limit: pageLimit(query.get('limit'), 20, 1000),
  });
  const lastId = page.items.at(-1)?.id ?? null;
  return resourceJson({
    data: page.items.map(fileView),
    first_id: page.items[0]?.id ?? null,
    last_id: lastId,
    has_more: page.hasMore,
    next_page: page.hasMore ? lastId : null,
  });
}

/**
 * The Files API (beta: `anthropic-beta: files-api-2025-04-14`, which the simulator does not require), per credential:
 * upload, list, metadata, download (only of downloadable files) and delete.
 * @see https://platform.claude.com/docs/en/api/files-create
 */
export function serveAnthropicFiles(call: ResourceCall): ResourceResult {
  const { action, resourceId } = call.exchange.route;
  if (action === 'create') return upload(call);
  if (action === 'list') return list(call);
  const id = resourceId ?? '';
  const file = call.resources.anthropicFiles.get(call.owner, id);
  if (file === undefined) return { status: 404, type: 'not_found_error', message: `File not found: ${id}` };
  switch (action) {
    case 'content':
      if (!file.downloadable) {
        return invalid(
          `File ${id} is not downloadable: only files created by a tool, such as code execution, can be downloaded.`,
          'file_not_downloadable',
        );
      }
      return resourceAnswer(file.content, file.mimeType);
    case 'delete':
      call.resources.anthropicFiles.remove(call.owner, id);
      return resourceJson({ id, type: 'file_deleted' });
    default:
      return resourceJson(fileView(file));
  }
}
