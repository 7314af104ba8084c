import type { ResourceCall } from './resource-call.ts';
import type { GeminiFile } from './sim-resources.ts';

/** `http://` and the host the client called: files are named by URLs on this simulator. */
function originOf(call: ResourceCall): string {
  return `http://${call.exchange.request.headers.host ?? '127.0.0.1'}`;
}

/**
 * The `File` resource as the API writes it, in proto3 JSON: `sizeBytes` is a string, an unset `displayName` is left
 * out, `uri` (and a generated file's `downloadUri`) are absolute URLs on the host the client called.
 * @see https://ai.google.dev/api/files#File
 */
export function geminiFileView(call: ResourceCall, file: GeminiFile): Record<string, unknown> {
  const origin = originOf(call);
  const createTime = new Date(file.createdAtMs).toISOString();
  const view: Record<string, unknown> = { name: `files/${file.id}` };
  if (file.displayName !== undefined) view.displayName = file.displayName;
  view.mimeType = file.mimeType;
  view.sizeBytes = String(file.content.length);
  view.createTime = createTime;
  view.updateTime = createTime;
  view.expirationTime = new Date(file.expiresAtMs).toISOString();
  view.sha256Hash = file.sha256Hash;
  view.uri = `${origin}/${file.version}/files/${file.id}`;
  if (file.source === 'GENERATED')
    view.downloadUri = `${origin}/download/${file.version}/files/${file.id}:download?alt=media`;
  view.state = 'ACTIVE';
  view.source = file.source;
  return view;
}
