import type { SimError } from './sim-error.ts';

/**
 * The simulator holds no more files or batch results (its memory bound, 256 MiB and 10,000 items per kind): Anthropic's
 * `storage_quota_exceeded`, OpenAI's 400 for a full file storage, Google's `RESOURCE_EXHAUSTED`.
 */
export function storageFull(api: 'anthropic' | 'openai' | 'gemini'): SimError {
  if (api === 'gemini') {
    return {
      status: 429,
      type: 'RESOURCE_EXHAUSTED',
      message: 'File storage quota exceeded for this project. Delete files to free up space.',
    };
  }
  return api === 'anthropic'
    ? {
        status: 400,
        type: 'invalid_request_error',
        code: 'storage_quota_exceeded',
        message: 'Your organization has reached its file storage limit. Delete files to free up space.',
      }
    : {
        status: 400,
        type: 'invalid_request_error',
        code: 'file_storage_limit_exceeded',
        message: 'You have exceeded your file storage limit. Delete files to free up space.',
      };
}

/** OpenAI's 404 for a file that does not exist, or that another account owns. */
export function noSuchFile(id: string): SimError {
  return { status: 404, type: 'invalid_request_error', param: 'id', code: null, message: `No such File object: ${id}` };
}

/**
 * Gemini's answer for a file that does not exist, has expired, or belongs to another project: the same 403 for all
 * three, so a key cannot probe another's files.
 */
export function noGeminiFile(id: string): SimError {
  return {
    status: 403,
    type: 'PERMISSION_DENIED',
    message: `You do not have permission to access the File ${id} or it may not exist.`,
  };
}
