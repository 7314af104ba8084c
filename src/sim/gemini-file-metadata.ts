import type { SimError } from './sim-error.ts';

/** What an upload's `{file: {...}}` metadata asks for. */
export interface GeminiFileMetadata {
  /** The id of `file.name` (`files/{id}`), when the client names the file. */
  fileId: string | undefined;
  /** `file.displayName`. */
  displayName: string | undefined;
  /** `file.mimeType`. */
  mimeType: string | undefined;
}

/** Up to 40 lowercase letters, digits or dashes, not starting or ending with a dash. */
const fileIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

const none: GeminiFileMetadata = { fileId: undefined, displayName: undefined, mimeType: undefined };

function invalid(message: string): SimError {
  return { status: 400, type: 'INVALID_ARGUMENT', message };
}

/** A string field under its lowerCamel or its proto (snake_case) name, as Google's JSON parser takes either. */
function textField(file: Record<string, unknown>, camel: string, snake: string): string | undefined | SimError {
  const value = file[camel] ?? file[snake];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  return invalid(`Invalid value at 'file.${snake}' (TYPE_STRING), ${JSON.stringify(value)}`);
}

/**
 * Reads and checks the `file` object of an upload's metadata (a resumable start's JSON body, a multipart upload's
 * first part). An absent body or `file` asks for nothing.
 * @see https://ai.google.dev/api/files#File
 */
export function readGeminiFileMetadata(body: unknown): GeminiFileMetadata | SimError {
  if (body === undefined || body === null) return none;
  if (typeof body !== 'object' || Array.isArray(body))
    return invalid('Invalid JSON payload received. Expected an object.');
  const file = (body as Record<string, unknown>).file;
  if (file === undefined || file === null) return none;
  if (typeof file !== 'object' || Array.isArray(file))
    return invalid(`Invalid value at 'file', ${JSON.stringify(file)}`);
  const fields = file as Record<string, unknown>;
  const name = textField(fields, 'name', 'name');
  if (typeof name === 'object') return name;
  const displayName = textField(fields, 'displayName', 'display_name');
  if (typeof displayName === 'object') return displayName;
  const mimeType = textField(fields, 'mimeType', 'mime_type');
  if (typeof mimeType === 'object') return mimeType;
  let fileId: string | undefined;
  if (name !== undefined) {
    fileId = name.startsWith('files/') ? name.slice('files/'.length) : '';
    if (!fileIdPattern.test(fileId)) {
      return invalid(
        '* CreateFileRequest.file.name: File name may only contain lowercase alphanumeric characters or dashes (-) and cannot begin or end with a dash.',
      );
    }
  }
  if (displayName !== undefined && displayName.length > 512) {
    return invalid('* CreateFileRequest.file.display_name: must be at most 512 characters.');
  }
  return { fileId, displayName, mimeType };
}
