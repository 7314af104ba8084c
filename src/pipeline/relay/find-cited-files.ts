import type { Operation } from '../../core/provider-adapter.ts';

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);
const itemsOf = (value: unknown): Item[] => (Array.isArray(value) ? value.filter(isItem) : []);

/** The last path segment of a Gemini file URI (`https://.../v1beta/files/abc123` names `abc123`). */
function fileOfUri(uri: string): string | undefined {
  const at = uri.lastIndexOf('/files/');
  return at === -1 ? undefined : uri.slice(at + 7).split(/[?:/]/)[0];
}

/** Anthropic content blocks citing a file: a document or image whose source is `file`, a container upload. */
function anthropicFiles(content: unknown, found: string[]): void {
  for (const block of itemsOf(content)) {
    const source = block.source;
    if (isItem(source) && source.type === 'file' && typeof source.file_id === 'string') found.push(source.file_id);
    if (block.type === 'container_upload' && typeof block.file_id === 'string') found.push(block.file_id);
    if (block.type === 'tool_result') anthropicFiles(block.content, found);
  }
}

/**
 * The ids of uploaded files a model request cites, where each format puts them: Anthropic `source: {type: "file",
 * file_id}` blocks; OpenAI chat `{type: "file", file: {file_id}}` parts; Responses `input_file`/`input_image` parts'
 * `file_id`; Gemini `fileData.fileUri`. Walks only the message structure (no full scan of the body), so it costs
 * little on the hot path; the attempt loop asks only once the gateway has seen a file created.
 */
export function findCitedFiles(operation: Operation, body: Item): string[] {
  const found: string[] = [];
  if (operation === 'messages' || operation === 'count_tokens') {
    for (const message of itemsOf(body.messages)) anthropicFiles(message.content, found);
  } else if (operation === 'chat') {
    for (const message of itemsOf(body.messages)) {
      for (const part of itemsOf(message.content)) {
        if (part.type === 'file' && isItem(part.file) && typeof part.file.file_id === 'string') {
          found.push(part.file.file_id);
        }
      }
    }
  } else if (operation === 'responses') {
    for (const item of itemsOf(body.input)) {
      for (const part of itemsOf(item.content)) if (typeof part.file_id === 'string') found.push(part.file_id);
    }
  } else if (operation === 'generate') {
    for (const content of itemsOf(body.contents)) {
      for (const part of itemsOf(content.parts)) {
        const uri = isItem(part.fileData) ? part.fileData.fileUri : undefined;
        const id = typeof uri === 'string' ? fileOfUri(uri) : undefined;
        if (id !== undefined && id !== '') found.push(id);
      }
    }
  }
  return found;
}
