import { geminiFileView } from './gemini-file-view.ts';
import { headerText } from './request-credentials.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { storageFull } from './resource-errors.ts';
import type { SimError } from './sim-error.ts';
import type { GeminiUpload } from './sim-resources.ts';
import { storeGeminiFile } from './store-gemini-file.ts';

const empty = Buffer.alloc(0);
const textType = 'text/plain; charset=utf-8';

function invalid(message: string): SimError {
  return { status: 400, type: 'INVALID_ARGUMENT', message };
}

/** Where an upload stands, in the headers the SDKs read (`active` asks for more bytes). */
function statusAnswer(status: 'active' | 'cancelled', upload: GeminiUpload): ResourceResult {
  const headers = ['x-goog-upload-status', status, 'x-goog-upload-size-received', String(upload.sizeBytes)];
  return resourceAnswer(empty, textType, headers);
}

/** Appends the request's bytes at `X-Goog-Upload-Offset`, which must be the count received so far. */
function append(call: ResourceCall, upload: GeminiUpload): SimError | undefined {
  const offset = headerText(call.exchange.request.headers['x-goog-upload-offset']);
  if (offset === undefined) return invalid('X-Goog-Upload-Offset is required with the upload command.');
  if (Number(offset) !== upload.sizeBytes) {
    return invalid(`Invalid X-Goog-Upload-Offset ${offset}: ${upload.sizeBytes} bytes were received so far.`);
  }
  const total = upload.sizeBytes + call.body.length;
  if (upload.declaredBytes !== undefined && total > upload.declaredBytes) {
    return invalid(`The upload is larger than its declared size of ${upload.declaredBytes} bytes.`);
  }
  if (call.body.length === 0) return undefined;
  if (!call.resources.geminiUploads.resize(upload, total)) return storageFull('gemini');
  upload.chunks.push(Buffer.from(call.body));
  return undefined;
}

/** Turns a complete upload into its file; on failure the upload stays open, as it was. */
function finalize(call: ResourceCall, upload: GeminiUpload): ResourceResult {
  if (upload.declaredBytes !== undefined && upload.sizeBytes !== upload.declaredBytes) {
    return invalid(`The upload has ${upload.sizeBytes} of its declared ${upload.declaredBytes} bytes.`);
  }
  const uploads = call.resources.geminiUploads;
  uploads.remove(upload.owner, upload.id);
  const file = storeGeminiFile(call, {
    owner: upload.owner,
    fileId: upload.fileId,
    displayName: upload.displayName,
    mimeType: upload.mimeType,
    content: upload.chunks.length === 1 ? upload.chunks[0]! : Buffer.concat(upload.chunks),
    source: upload.source,
    version: upload.version,
  });
  if ('status' in file) {
    uploads.insert(upload);
    return file;
  }
  return resourceJson({ file: geminiFileView(call, file) }, ['x-goog-upload-status', 'final']);
}

/**
 * `POST` to a resumable upload's URL (`?upload_id=`), with `X-Goog-Upload-Command` `upload` (bytes at
 * `X-Goog-Upload-Offset`; answers `x-goog-upload-status: active`), `upload, finalize` or `finalize` (answers
 * `{file}` and `final`), `query` (the bytes received so far) or `cancel`. The URL is its own credential, so the
 * request may carry no key; one that carries another key than the upload's gets the 404 of an unknown upload.
 */
export function serveGeminiUploadBytes(call: ResourceCall): ResourceResult {
  const id = call.exchange.route.resourceId ?? '';
  const upload = call.resources.geminiUploads.find(id);
  if (upload === undefined || (call.owner !== '' && call.owner !== upload.owner)) {
    return { status: 404, type: 'NOT_FOUND', message: `Upload session not found: ${id}` };
  }
  const header = headerText(call.exchange.request.headers['x-goog-upload-command']) ?? '';
  const commands = new Set(header.split(',').map((command) => command.trim().toLowerCase()));
  if (commands.has('query')) return statusAnswer('active', upload);
  if (commands.has('cancel')) {
    call.resources.geminiUploads.remove(upload.owner, upload.id);
    return statusAnswer('cancelled', upload);
  }
  if (!commands.has('upload') && !commands.has('finalize')) {
    return invalid(`Invalid X-Goog-Upload-Command: '${header}'.`);
  }
  if (commands.has('upload')) {
    const problem = append(call, upload);
    if (problem !== undefined) return problem;
  }
  return commands.has('finalize') ? finalize(call, upload) : statusAnswer('active', upload);
}
