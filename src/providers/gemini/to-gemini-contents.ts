import type {
  CanonicalMessage,
  ContentPart,
  DocumentPart,
  ImagePart,
  TranslationWarning,
} from '../../core/canonical.ts';

type Part = Record<string, unknown>;

/**
 * Gemini 3 rejects a function call turn without a thought signature; calls produced by another vendor have none.
 * Google documents this value for conversations that did not come from Gemini.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const foreignThoughtSignature = 'skip_thought_signature_validator';

const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

const queryOrFragment = /[?#]/;
const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

function guessMimeType(url: string, fallback: string): string {
  const path = url.split(queryOrFragment, 1)[0] ?? '';
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return mimeByExtension[extension] ?? fallback;
}

function mediaPart(part: ImagePart | DocumentPart): Part {
  const source = part.source;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.kind === 'text') return { text: source.text };
  const data = dataUrl.exec(source.url);
  if (data !== null) return { inlineData: { mimeType: data[1], data: data[2] } };
  const fallback = part.type === 'image' ? 'image/jpeg' : 'application/pdf';
  return { fileData: { mimeType: guessMimeType(source.url, fallback), fileUri: source.url } };
}

interface PartContext {
  /** Field path of the part, for warnings. */
  path: string;
  /** Tool names by call id, for results that do not name their tool. */
  names: ReadonlyMap<string, string>;
  warnings: TranslationWarning[];
}

function toParts(part: ContentPart, context: PartContext): Part[] {
  const { path, names, warnings } = context;
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ text: part.text }];
    case 'image':
    case 'document':
      return [mediaPart(part)];
    case 'tool-call':
      return [{ functionCall: { id: part.id, name: part.name, args: part.input } }];
    case 'tool-result': {
      const name = part.toolName ?? names.get(part.toolCallId) ?? part.toolCallId;
      const text = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
      const response = part.isError ? { error: text } : { output: text };
      // Images of a tool result follow its function response in the same turn.
      const images = part.content.flatMap((item) => (item.type === 'image' ? [mediaPart(item)] : []));
      return [{ functionResponse: { id: part.toolCallId, name, response } }, ...images];
    }
    case 'reasoning':
      warnings.push({
        code: 'dropped-thinking',
        field: path,
        message: "Another vendor's reasoning cannot be replayed to Gemini; dropped.",
      });
      return [];
    default:
      return [];
  }
}

/**
 * Renders the canonical conversation as Gemini `contents` (B3): `user` and `model` roles, consecutive turns of one
 * role merged, images and documents inline (`inlineData`) or by URI (`fileData`, MIME type from the extension),
 * tool calls as `functionCall` with their id and the first call of a turn signed with `foreignThoughtSignature`,
 * tool results as `functionResponse` named after their call (`{output}` or `{error}`), reasoning dropped
 * (`dropped-thinking`).
 * @see https://ai.google.dev/api/caching#Content
 */
export function toGeminiContents(messages: readonly CanonicalMessage[], warnings: TranslationWarning[]): Part[] {
  const names = new Map<string, string>();
  for (const message of messages)
    for (const part of message.content) if (part.type === 'tool-call') names.set(part.id, part.name);
  const contents: { role: 'user' | 'model'; parts: Part[] }[] = [];
  messages.forEach((message, index) => {
    const parts = message.content.flatMap((part, partIndex) =>
      toParts(part, { path: `messages[${index}].content[${partIndex}]`, names, warnings }),
    );
    if (parts.length === 0) return;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });
  for (const content of contents) {
    if (content.role !== 'model') continue;
    const call = content.parts.find((part) => part.functionCall !== undefined);
    if (call !== undefined && call.thoughtSignature === undefined) call.thoughtSignature = foreignThoughtSignature;
  }
  return contents;
}
