import type { Exchange } from './exchange.ts';
import { liveGeminiFile } from './live-gemini-file.ts';
import { credentialOf } from './request-credentials.ts';
import { noGeminiFile } from './resource-errors.ts';
import type { SimError } from './sim-error.ts';

/** A Files API file named by a `fileUri`: its `uri` (`…/v1beta/files/{id}`, on any host) or its name `files/{id}`. */
const fileUriPattern = /(?:^|\/v1beta\/|\/v1\/)files\/([a-z0-9-]{1,40})$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `fileData.fileUri` (or `file_data.file_uri`) of each part of a content. */
function collectUris(content: unknown, uris: string[]): void {
  if (!isObject(content) || !Array.isArray(content.parts)) return;
  for (const part of content.parts) {
    if (!isObject(part)) continue;
    const data = part.fileData ?? part.file_data;
    if (!isObject(data)) continue;
    const uri = data.fileUri ?? data.file_uri;
    if (typeof uri === 'string') uris.push(uri);
  }
}

/**
 * A generateContent request may name uploaded files in its parts (`fileData: {fileUri}`): each must be a live file of
 * the request's key, or the request gets the 403 the API answers for a file that is missing, expired or another
 * project's. Other URIs (web or storage URLs) are not checked. Bodies that name no file are not parsed.
 */
export function geminiFileProblem(exchange: Exchange, raw: Buffer): SimError | undefined {
  if (!raw.includes('fileUri') && !raw.includes('file_uri')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const uris: string[] = [];
  if (Array.isArray(body.contents)) for (const content of body.contents) collectUris(content, uris);
  collectUris(body.systemInstruction ?? body.system_instruction, uris);
  const resources = exchange.context.resources;
  const owner = credentialOf(exchange.request);
  const nowMs = resources.now();
  for (const uri of uris) {
    const id = fileUriPattern.exec(uri)?.[1];
    if (id !== undefined && liveGeminiFile(resources, owner, id, nowMs) === undefined) return noGeminiFile(id);
  }
  return undefined;
}
