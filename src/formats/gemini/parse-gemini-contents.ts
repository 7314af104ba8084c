import type {
  CanonicalMessage,
  ContentPart,
  DocumentPart,
  ImagePart,
  TextPart,
  ToolResultPart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { type Fields, invalidField, isFields } from '../anthropic-messages/anthropic-request-fields.ts';

/** Part keys Outlast reads; `thoughtSignature` and `thought` ride along with them. */
const knownPartKeys = new Set([
  'text',
  'thought',
  'thoughtSignature',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
]);

interface Context {
  warnings: TranslationWarning[];
  /** Calls of the latest model turn not answered yet, in order, for results that carry no id. */
  pending: { id: string; name: string }[];
}

/** Where a part sits: its field path, its turn's role, the turn and the part's position. */
interface Place {
  path: string;
  role: 'user' | 'assistant';
  turn: number;
  index: number;
}

function requireText(object: Fields, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string') throw invalidField(`${path}.${key}`, 'must be a string');
  return value;
}

function media(part: Fields, path: string, context: Context): ImagePart | DocumentPart | undefined {
  const inline = part.inlineData;
  if (inline !== undefined) {
    if (!isFields(inline)) throw invalidField(`${path}.inlineData`, 'must be an object');
    const mimeType = requireText(inline, 'mimeType', `${path}.inlineData`);
    const data = requireText(inline, 'data', `${path}.inlineData`);
    if (mimeType.startsWith('image/')) return { type: 'image', source: { kind: 'base64', mediaType: mimeType, data } };
    if (mimeType === 'application/pdf' || mimeType === 'text/plain')
      return { type: 'document', source: { kind: 'base64', mediaType: mimeType, data } };
  } else {
    const file = part.fileData;
    if (!isFields(file)) throw invalidField(`${path}.fileData`, 'must be an object');
    const url = requireText(file, 'fileUri', `${path}.fileData`);
    const mimeType = typeof file.mimeType === 'string' ? file.mimeType : '';
    if (mimeType.startsWith('image/')) return { type: 'image', source: { kind: 'url', url } };
    if (mimeType === 'application/pdf') return { type: 'document', source: { kind: 'url', url } };
  }
  const field = `${path}.${inline !== undefined ? 'inlineData' : 'fileData'}`;
  context.warnings.push({
    code: 'dropped-content',
    field,
    message: 'Only images, PDF and plain text have an equivalent outside Gemini; this part was dropped.',
  });
  return undefined;
}

/** The text of a function response: its `output` (or `error`) when that is a string, else the object as JSON. */
function responseText(response: Fields): { text: string; isError: boolean } {
  if (typeof response.error === 'string' && Object.keys(response).length === 1)
    return { text: response.error, isError: true };
  if (typeof response.output === 'string' && Object.keys(response).length === 1)
    return { text: response.output, isError: false };
  return { text: JSON.stringify(response), isError: response.error !== undefined };
}

function functionResponse(value: unknown, place: Place, context: Context): ToolResultPart {
  const path = `${place.path}.functionResponse`;
  if (!isFields(value)) throw invalidField(path, 'must be an object');
  const name = requireText(value, 'name', path);
  const response = value.response ?? {};
  if (!isFields(response)) throw invalidField(`${path}.response`, 'must be an object');
  let id = typeof value.id === 'string' && value.id !== '' ? value.id : undefined;
  // Without an id a response answers the first unanswered call of the same name (Gemini matches by name and order).
  const at = context.pending.findIndex((call) => (id === undefined ? call.name === name : call.id === id));
  if (at !== -1) {
    id ??= context.pending[at]!.id;
    context.pending.splice(at, 1);
  }
  id ??= `call_${name}_${place.turn}`;
  const { text, isError } = responseText(response);
  const content: TextPart[] = text === '' ? [] : [{ type: 'text', text }];
  return { type: 'tool-result', toolCallId: id, toolName: name, content, isError };
}

function parsePart(part: Fields, place: Place, context: Context): ContentPart | undefined {
  const { path, role, turn, index } = place;
  for (const key of Object.keys(part)) {
    if (!knownPartKeys.has(key)) {
      context.warnings.push({
        code: 'dropped-content',
        field: `${path}.${key}`,
        message: `A \`${key}\` part has no equivalent outside Gemini; dropped.`,
      });
      return undefined;
    }
  }
  if (part.text !== undefined) {
    const text = requireText(part, 'text', path);
    if (part.thought === true) {
      if (role !== 'assistant') return undefined;
      const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
      return { type: 'reasoning', text, signature };
    }
    return text === '' ? undefined : { type: 'text', text };
  }
  if (part.inlineData !== undefined || part.fileData !== undefined) return media(part, path, context);
  if (part.functionCall !== undefined) {
    if (role !== 'assistant')
      throw invalidField(`${path}.functionCall`, 'a function call belongs in a "model" content');
    const call = part.functionCall;
    if (!isFields(call)) throw invalidField(`${path}.functionCall`, 'must be an object');
    const name = requireText(call, 'name', `${path}.functionCall`);
    const args = call.args ?? {};
    if (!isFields(args)) throw invalidField(`${path}.functionCall.args`, 'must be an object');
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : `call_${name}_${turn}_${index}`;
    context.pending.push({ id, name });
    return { type: 'tool-call', id, name, input: args };
  }
  if (part.functionResponse !== undefined) {
    if (role !== 'user')
      throw invalidField(`${path}.functionResponse`, 'a function response belongs in a "user" content');
    return functionResponse(part.functionResponse, place, context);
  }
  // A part with only a thoughtSignature (or nothing): nothing to translate.
  return undefined;
}

/**
 * Reads Gemini `contents` (B3): roles `user` (and the legacy `function`) and `model`; text, thoughts (as reasoning with
 * their `thoughtSignature`), images and documents inline or by URI, function calls and responses. Calls without an id
 * get `call_<name>_<turn>_<part>`; a response without one takes the id of the first unanswered call of its name in
 * the turns before (name and order, as Gemini matches). Other parts are dropped (`dropped-content`).
 * @see https://ai.google.dev/api/caching#Content
 */
export function parseGeminiContents(value: unknown, warnings: TranslationWarning[]): CanonicalMessage[] {
  if (!Array.isArray(value)) throw invalidField('contents', 'must be an array');
  const context: Context = { warnings, pending: [] };
  const messages: CanonicalMessage[] = [];
  value.forEach((item: unknown, turn) => {
    const path = `contents[${turn}]`;
    if (!isFields(item)) throw invalidField(path, 'must be an object');
    const role = item.role === 'model' ? 'assistant' : 'user';
    if (role === 'assistant') context.pending = [];
    if (!Array.isArray(item.parts)) throw invalidField(`${path}.parts`, 'must be an array of parts');
    const content: ContentPart[] = [];
    item.parts.forEach((part: unknown, index) => {
      const at = `${path}.parts[${index}]`;
      if (!isFields(part)) throw invalidField(at, 'must be an object');
      const parsed = parsePart(part, { path: at, role, turn, index }, context);
      if (parsed !== undefined) content.push(parsed);
    });
    if (content.length > 0) messages.push({ role, content });
  });
  return messages;
}

/** Reads `systemInstruction`: its text parts, in order (other parts are dropped with `dropped-content`). */
export function parseGeminiSystem(value: unknown, warnings: TranslationWarning[]): TextPart[] {
  if (value === undefined || value === null) return [];
  if (!isFields(value) || !Array.isArray(value.parts))
    throw invalidField('systemInstruction.parts', 'must be an array of parts');
  const system: TextPart[] = [];
  value.parts.forEach((part: unknown, index) => {
    const path = `systemInstruction.parts[${index}]`;
    if (isFields(part) && typeof part.text === 'string') {
      if (part.text !== '') system.push({ type: 'text', text: part.text });
    } else {
      warnings.push({ code: 'dropped-content', field: path, message: 'Only text is kept in a system instruction.' });
    }
  });
  return system;
}
