import type { DocumentPart, ImagePart, TranslationWarning } from '../../core/canonical.ts';
import { dropUnknownFields, type Fields, invalidField, isFields, requireString } from './anthropic-request-fields.ts';

const fileSourceMessage = 'a Files API `file` source only resolves at Anthropic; send the bytes (base64) or a URL';

/**
 * Reads an `image` block: base64 and URL sources; a Files API source cannot be translated and is rejected.
 * @see https://platform.claude.com/docs/en/build-with-claude/vision
 */
export function parseAnthropicImage(block: Fields, path: string, warnings: TranslationWarning[]): ImagePart {
  dropUnknownFields(block, ['type', 'source'], path, warnings);
  const source = block.source;
  if (!isFields(source)) throw invalidField(`${path}.source`, 'must be an object');
  if (source.type === 'base64') {
    const mediaType = requireString(source, 'media_type', `${path}.source`);
    return {
      type: 'image',
      source: { kind: 'base64', mediaType, data: requireString(source, 'data', `${path}.source`) },
    };
  }
  if (source.type === 'url')
    return { type: 'image', source: { kind: 'url', url: requireString(source, 'url', `${path}.source`) } };
  throw invalidField(`${path}.source`, source.type === 'file' ? fileSourceMessage : 'must be a base64 or url source');
}

/** Text of a `content` document source: a string, or text blocks joined by newlines. */
function contentSourceText(source: Fields, path: string): string {
  if (typeof source.content === 'string') return source.content;
  if (!Array.isArray(source.content)) throw invalidField(`${path}.content`, 'must be a string or an array of blocks');
  return source.content
    .map((item: unknown, index) => {
      if (!isFields(item) || item.type !== 'text')
        throw invalidField(`${path}.content[${index}]`, 'only text blocks translate');
      return requireString(item, 'text', `${path}.content[${index}]`);
    })
    .join('\n');
}

/**
 * Reads a `document` block: base64 (PDF), plain text, content and URL sources, with its title; `context` and
 * `citations` have no canonical home and are reported.
 * @see https://platform.claude.com/docs/en/build-with-claude/pdf-support
 */
export function parseAnthropicDocument(block: Fields, path: string, warnings: TranslationWarning[]): DocumentPart {
  dropUnknownFields(block, ['type', 'source', 'title'], path, warnings);
  const source = block.source;
  const at = `${path}.source`;
  if (!isFields(source)) throw invalidField(at, 'must be an object');
  let part: DocumentPart;
  if (source.type === 'base64') {
    part = {
      type: 'document',
      source: {
        kind: 'base64',
        mediaType: requireString(source, 'media_type', at),
        data: requireString(source, 'data', at),
      },
    };
  } else if (source.type === 'text') {
    part = { type: 'document', source: { kind: 'text', text: requireString(source, 'data', at) } };
  } else if (source.type === 'content') {
    part = { type: 'document', source: { kind: 'text', text: contentSourceText(source, at) } };
  } else if (source.type === 'url') {
    part = { type: 'document', source: { kind: 'url', url: requireString(source, 'url', at) } };
  } else {
    throw invalidField(
      at,
      source.type === 'file' ? fileSourceMessage : 'must be a base64, text, content or url source',
    );
  }
  if (typeof block.title === 'string') part.title = block.title;
  return part;
}
