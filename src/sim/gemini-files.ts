import { geminiFileView } from './gemini-file-view.ts';
import { serveGeminiUpload } from './gemini-upload.ts';
import { serveGeminiUploadBytes } from './gemini-upload-bytes.ts';
import { liveGeminiFile } from './live-gemini-file.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { noGeminiFile } from './resource-errors.ts';
import { pageLimit, pageOf } from './resource-page.ts';
import type { SimError } from './sim-error.ts';

function invalid(message: string): SimError {
  return { status: 400, type: 'INVALID_ARGUMENT', message };
}

/**
 * Newest first; `pageSize` (default 10, at most 100) and `pageToken` (the `nextPageToken` of the page before). As in
 * proto3 JSON, an empty list is `{}` and the last page has no `nextPageToken`.
 */
function list(call: ResourceCall): ResourceResult {
  const query = new URLSearchParams(call.exchange.query);
  const owned = call.resources.geminiFiles.list(call.owner);
  const live = owned.filter((file) => liveGeminiFile(call.resources, call.owner, file.id, call.nowMs) !== undefined);
  live.reverse();
  const token = query.get('pageToken');
  if (token !== null && token !== '' && !live.some((file) => file.id === token)) return invalid('Invalid page token.');
  const page = pageOf(live, { afterId: token, limit: pageLimit(query.get('pageSize'), 10, 100) });
  const answer: Record<string, unknown> = {};
  if (page.items.length > 0) answer.files = page.items.map((file) => geminiFileView(call, file));
  if (page.hasMore) answer.nextPageToken = page.items.at(-1)!.id;
  return resourceJson(answer);
}

/**
 * Gemini's Files API, per key (`x-goog-api-key` or `?key=`): uploads (resumable, multipart, raw), get, list, delete
 * and download. A file that does not exist, has expired or is another key's gets the same 403 `PERMISSION_DENIED`,
 * as on the API. Only generated files can be downloaded; uploads cannot.
 * @see https://ai.google.dev/api/files
 */
export function serveGeminiFiles(call: ResourceCall): ResourceResult {
  const { action, resourceId } = call.exchange.route;
  if (action === 'create') return serveGeminiUpload(call);
  if (action === 'upload') return serveGeminiUploadBytes(call);
  if (action === 'list') return list(call);
  const id = resourceId ?? '';
  const file = liveGeminiFile(call.resources, call.owner, id, call.nowMs);
  if (file === undefined) return noGeminiFile(id);
  switch (action) {
    case 'content':
      if (file.source !== 'GENERATED')
        return invalid(`File files/${id} cannot be downloaded: only generated files can.`);
      return resourceAnswer(file.content, file.mimeType);
    case 'delete':
      call.resources.geminiFiles.remove(call.owner, id);
      return resourceJson({});
    default:
      return resourceJson(geminiFileView(call, file));
  }
}
