import type { StoredFile } from './sim-resources.ts';

/**
 * The OpenAI `file` object (`status` is deprecated but still sent, always `processed` here).
 * @see https://platform.openai.com/docs/api-reference/files/object
 */
export function openAiFileView(file: StoredFile): object {
  return {
    id: file.id,
    object: 'file',
    bytes: file.content.length,
    created_at: Math.floor(file.createdAtMs / 1000),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    expires_at: file.expiresAtMs === undefined ? null : Math.floor(file.expiresAtMs / 1000),
    status_details: null,
  };
}
