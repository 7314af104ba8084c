import { createHash, randomBytes } from 'node:crypto';
import type { ResourceCall } from './resource-call.ts';
import { storageFull } from './resource-errors.ts';
import type { SimError } from './sim-error.ts';
import type { GeminiFile, GeminiFileSource } from './sim-resources.ts';

/** Files live 48 hours, then the API deletes them. */
const lifetimeMs = 48 * 60 * 60 * 1000;

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** What becomes a Gemini file once its bytes are all in. */
export interface GeminiFileDraft {
  /** The key the file belongs to (a resumable upload's bytes may come without one). */
  owner: string;
  /** The id the client asked for, or undefined for a generated one. */
  fileId: string | undefined;
  /** `displayName`. */
  displayName: string | undefined;
  /** `mimeType`. */
  mimeType: string;
  /** The bytes. */
  content: Buffer;
  /** `UPLOADED`, or `GENERATED` (downloadable). */
  source: GeminiFileSource;
  /** API version of the upload. */
  version: string;
}

/** A fresh id like the API's: 12 lowercase letters and digits. */
function generatedId(): string {
  return Array.from(randomBytes(12), (byte) => idAlphabet[byte % idAlphabet.length]).join('');
}

/** The 409 for a name in use (file names are unique across projects, so another key's file counts too). */
function nameTaken(id: string): SimError {
  return { status: 409, type: 'ALREADY_EXISTS', message: `File files/${id} already exists.` };
}

/** Whether the id is free, dropping an expired file that held it. */
function isFree(call: ResourceCall, id: string): boolean {
  const held = call.resources.geminiFiles.find(id);
  if (held === undefined) return true;
  if (held.expiresAtMs > call.nowMs) return false;
  call.resources.geminiFiles.remove(held.owner, id);
  return true;
}

/** Refuses a name in use before any byte is sent (the upload is checked again when it completes). */
export function checkGeminiFileId(call: ResourceCall, id: string | undefined): SimError | undefined {
  return id === undefined || isFree(call, id) ? undefined : nameTaken(id);
}

/**
 * Stores a completed upload as a file of the caller's, `ACTIVE` at once (the API processes most types in moments;
 * video may stay `PROCESSING` a while there). `sha256Hash` is the base64 of the hex digest, as the API writes it.
 */
export function storeGeminiFile(call: ResourceCall, draft: GeminiFileDraft): GeminiFile | SimError {
  let id = draft.fileId;
  if (id !== undefined && !isFree(call, id)) return nameTaken(id);
  while (id === undefined || call.resources.geminiFiles.find(id) !== undefined) id = generatedId();
  const hex = createHash('sha256').update(draft.content).digest('hex');
  const file: GeminiFile = {
    id,
    owner: draft.owner,
    sizeBytes: draft.content.length,
    displayName: draft.displayName,
    mimeType: draft.mimeType,
    content: draft.content,
    sha256Hash: Buffer.from(hex, 'latin1').toString('base64'),
    createdAtMs: call.nowMs,
    expiresAtMs: call.nowMs + lifetimeMs,
    source: draft.source,
    version: draft.version,
  };
  return call.resources.geminiFiles.add(file) ? file : storageFull('gemini');
}
