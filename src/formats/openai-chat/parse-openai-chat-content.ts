import type { DocumentPart, ImagePart, TextPart } from '../../core/canonical.ts';
import { invalidField, isRecord } from './openai-chat-field-readers.ts';

/** Parts a user message may carry once parsed. */
export type UserContentPart = TextPart | ImagePart | DocumentPart;

/**
 * Splits a `data:<media type>[;params];base64,<data>` URL without running a regex over the payload.
 * Returns undefined when the URL is not a base64 data URL.
 */
export function parseBase64DataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const header = url.slice(5, comma).split(';');
  if (header.at(-1)?.toLowerCase() !== 'base64') return undefined;
  const mediaType = (header[0] ?? '').trim().toLowerCase();
  return { mediaType: mediaType === '' ? 'application/octet-stream' : mediaType, data: url.slice(comma + 1) };
}

/**
 * Text-only content (system, developer and tool messages): a string or `{type:"text"}` parts. Empty text is
 * dropped, as the canonical contract forbids empty text parts.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function parseTextContent(content: unknown, param: string): TextPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidField(param, 'must be a string or an array of text parts');
  const parts: TextPart[] = [];
  content.forEach((part: unknown, index) => {
    if (!isRecord(part) || part.type !== 'text' || typeof part.text !== 'string') {
      throw invalidField(`${param}[${index}]`, 'only `text` parts are allowed in this message');
    }
    if (part.text !== '') parts.push({ type: 'text', text: part.text });
  });
  return parts;
}

/**
 * User content: text, `image_url` (data: URLs become base64 images, http(s) URLs stay URLs, `detail` is dropped)
 * and `file` (inline PDF data). Audio and uploaded-file ids have no canonical form and are rejected.
 * @see https://platform.openai.com/docs/guides/images-vision
 * @see https://platform.openai.com/docs/guides/pdf-files
 */
export function parseUserContent(content: unknown, param: string): UserContentPart[] {
  if (content === undefined || content === null || typeof content === 'string') return parseTextContent(content, param);
  if (!Array.isArray(content)) throw invalidField(param, 'must be a string or an array of content parts');
  const parts: UserContentPart[] = [];
  content.forEach((part: unknown, index) => {
    const field = `${param}[${index}]`;
    if (!isRecord(part)) throw invalidField(field, 'must be a content part object');
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw invalidField(`${field}.text`, 'must be a string');
      if (part.text !== '') parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      parts.push(parseImagePart(part.image_url, `${field}.image_url`));
    } else if (part.type === 'file') {
      parts.push(parseFilePart(part.file, `${field}.file`));
    } else if (part.type === 'input_audio') {
      throw invalidField(field, 'audio input cannot be translated for this target');
    } else {
      throw invalidField(`${field}.type`, `unsupported content part type ${JSON.stringify(part.type)}`);
    }
  });
  return parts;
}

function parseImagePart(imageUrl: unknown, param: string): ImagePart {
  const url = isRecord(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string') throw invalidField(`${param}.url`, 'must be a string');
  const inline = parseBase64DataUrl(url);
  if (inline !== undefined) return { type: 'image', source: { kind: 'base64', ...inline } };
  if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { kind: 'url', url } };
  throw invalidField(`${param}.url`, 'must be an http(s) URL or a base64 data: URL');
}

function parseFilePart(file: unknown, param: string): DocumentPart {
  if (!isRecord(file)) throw invalidField(param, 'must be an object');
  if (typeof file.file_data !== 'string') {
    throw invalidField(
      `${param}.file_data`,
      'uploaded file ids cannot be translated; send the file inline as file_data',
    );
  }
  // Chat Completions accepts only PDF files; bare base64 (no data: prefix) is read as a PDF.
  const inline = parseBase64DataUrl(file.file_data) ?? { mediaType: 'application/pdf', data: file.file_data };
  const document: DocumentPart = { type: 'document', source: { kind: 'base64', ...inline } };
  if (typeof file.filename === 'string' && file.filename !== '') document.title = file.filename;
  return document;
}
