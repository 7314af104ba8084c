import { randomBytes } from 'node:crypto';
import { type GeminiFileMetadata, readGeminiFileMetadata } from './gemini-file-metadata.ts';
import { geminiFileView } from './gemini-file-view.ts';
import { malformedJson } from './malformed-json.ts';
import { readRelatedParts } from './read-related-parts.ts';
import { headerText } from './request-credentials.ts';
import { resourceAnswer, resourceJson } from './resource-answer.ts';
import type { ResourceCall, ResourceResult } from './resource-call.ts';
import { storageFull } from './resource-errors.ts';
import type { SimError } from './sim-error.ts';
import type { GeminiFileSource, GeminiUpload } from './sim-resources.ts';
import { checkGeminiFileId, type GeminiFileDraft, storeGeminiFile } from './store-gemini-file.ts';

/** The chunk size the upload server asks for (`x-goog-upload-chunk-granularity`), the SDKs' 8 MiB. */
const chunkGranularity = String(8 * 1024 * 1024);

const generic = 'application/octet-stream';

function invalid(message: string): SimError {
  return { status: 400, type: 'INVALID_ARGUMENT', message };
}

/** A MIME type without its parameters, or undefined when empty. */
function baseType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim();
  return type === undefined || type.length === 0 ? undefined : type;
}

/** `v1beta` of `/upload/v1beta/files`. */
function versionOf(call: ResourceCall): string {
  return call.exchange.path.split('/')[2] ?? 'v1beta';
}

/** The simulator-only header `x-sim-downloadable: true` makes the file as if the API had generated it. */
function sourceOf(call: ResourceCall): GeminiFileSource {
  return headerText(call.exchange.request.headers['x-sim-downloadable']) === 'true' ? 'GENERATED' : 'UPLOADED';
}

function metadataOf(json: Buffer): GeminiFileMetadata | SimError {
  if (json.length === 0) return readGeminiFileMetadata(undefined);
  try {
    return readGeminiFileMetadata(JSON.parse(json.toString('utf8')));
  } catch {
    return malformedJson('gemini');
  }
}

function isError(value: object): value is SimError {
  return 'status' in value;
}

/** Stores a file whose bytes came whole (multipart, raw) and answers `{file}` as the finalize of an upload does. */
function complete(call: ResourceCall, draft: GeminiFileDraft): ResourceResult {
  const file = storeGeminiFile(call, draft);
  if (isError(file)) return file;
  return resourceJson({ file: geminiFileView(call, file) }, ['x-goog-upload-status', 'final']);
}

/**
 * `X-Goog-Upload-Command: start`: opens a resumable upload for the metadata of the JSON body and the size and type
 * of the `X-Goog-Upload-Header-*` headers, and answers its URL (`x-goog-upload-url`, on the host the client called)
 * with an empty body.
 */
function start(call: ResourceCall): ResourceResult {
  const { headers } = call.exchange.request;
  if (headerText(headers['x-goog-upload-command'])?.trim().toLowerCase() !== 'start') {
    return invalid("Invalid X-Goog-Upload-Command: a resumable upload begins with 'start'.");
  }
  const metadata = metadataOf(call.body);
  if (isError(metadata)) return metadata;
  const declared = headerText(headers['x-goog-upload-header-content-length']);
  const declaredBytes = declared === undefined ? undefined : Number(declared);
  if (declaredBytes !== undefined && (!Number.isSafeInteger(declaredBytes) || declaredBytes < 0)) {
    return invalid(`Invalid X-Goog-Upload-Header-Content-Length: ${declared}`);
  }
  if (declaredBytes !== undefined && declaredBytes > call.resources.freeBytes()) return storageFull('gemini');
  const taken = checkGeminiFileId(call, metadata.fileId);
  if (taken !== undefined) return taken;
  const mimeType = metadata.mimeType ?? baseType(headerText(headers['x-goog-upload-header-content-type'])) ?? generic;
  const upload: GeminiUpload = {
    id: randomBytes(24).toString('base64url'),
    owner: call.owner,
    sizeBytes: 0,
    fileId: metadata.fileId,
    displayName: metadata.displayName,
    mimeType,
    declaredBytes,
    chunks: [],
    source: sourceOf(call),
    version: versionOf(call),
  };
  if (!call.resources.geminiUploads.add(upload)) return storageFull('gemini');
  const host = headers.host ?? '127.0.0.1';
  const url = `http://${host}${call.exchange.path}?upload_id=${upload.id}&upload_protocol=resumable`;
  const answerHeaders = [
    'x-goog-upload-status',
    'active',
    'x-goog-upload-url',
    url,
    'x-goog-upload-control-url',
    url,
    'x-goog-upload-chunk-granularity',
    chunkGranularity,
    'x-goog-upload-header-content-type',
    mimeType,
  ];
  if (declared !== undefined) answerHeaders.push('x-goog-upload-header-content-length', declared);
  return resourceAnswer(Buffer.alloc(0), 'text/plain; charset=utf-8', answerHeaders);
}

/** `multipart/related`: the metadata (JSON), then the media with its own content type. */
function multipart(call: ResourceCall): ResourceResult {
  const parts = readRelatedParts(call.body, headerText(call.exchange.request.headers['content-type']));
  if (parts === undefined || parts.length !== 2) {
    return invalid('A multipart upload is multipart/related with two parts: the metadata (JSON), then the media.');
  }
  const metadata = metadataOf(parts[0]!.data);
  if (isError(metadata)) return metadata;
  const taken = checkGeminiFileId(call, metadata.fileId);
  if (taken !== undefined) return taken;
  return complete(call, {
    owner: call.owner,
    fileId: metadata.fileId,
    displayName: metadata.displayName,
    mimeType: metadata.mimeType ?? baseType(parts[1]!.contentType) ?? generic,
    content: Buffer.from(parts[1]!.data),
    source: sourceOf(call),
    version: versionOf(call),
  });
}

/** The body is the file, typed by its `Content-Type`; no metadata. */
function raw(call: ResourceCall): ResourceResult {
  return complete(call, {
    owner: call.owner,
    fileId: undefined,
    displayName: undefined,
    mimeType: baseType(headerText(call.exchange.request.headers['content-type'])) ?? generic,
    content: Buffer.from(call.body),
    source: sourceOf(call),
    version: versionOf(call),
  });
}

/**
 * `POST /upload/{version}/files` without an `upload_id`: the start of a resumable upload
 * (`X-Goog-Upload-Protocol: resumable`, what the SDKs do), a multipart upload (`multipart`) or a raw one (`raw`, or no
 * protocol at all); `?uploadType=resumable|multipart|media` says the same.
 * @see https://ai.google.dev/api/files#method:-media.upload
 */
export function serveGeminiUpload(call: ResourceCall): ResourceResult {
  const header = headerText(call.exchange.request.headers['x-goog-upload-protocol'])?.trim().toLowerCase();
  const uploadType = new URLSearchParams(call.exchange.query).get('uploadType');
  const protocol = header ?? (uploadType === null || uploadType === 'media' ? 'raw' : uploadType);
  if (protocol === 'resumable') return start(call);
  if (protocol === 'multipart') return multipart(call);
  if (protocol === 'raw') return raw(call);
  return invalid(`Invalid upload protocol: ${protocol}`);
}
