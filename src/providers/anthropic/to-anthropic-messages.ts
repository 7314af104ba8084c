import type {
  CanonicalMessage,
  ContentPart,
  DocumentPart,
  ImagePart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { sanitizeToolId } from '../../formats/anthropic-messages/sanitize-tool-id.ts';

type Block = Record<string, unknown>;

/** @see https://platform.claude.com/docs/en/build-with-claude/vision */
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function reject(param: string, message: string): OutlastError {
  return new OutlastError('OUTLAST_INVALID_REQUEST', `Invalid \`${param}\`: ${message}`, { param });
}

function imageBlock(part: ImagePart, path: string): Block {
  if (part.source.kind === 'url') return { type: 'image', source: { type: 'url', url: part.source.url } };
  const mediaType = part.source.mediaType === 'image/jpg' ? 'image/jpeg' : part.source.mediaType;
  if (!imageTypes.has(mediaType)) {
    throw reject(path, `Anthropic accepts only JPEG, PNG, GIF and WebP images, not ${part.source.mediaType}`);
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: part.source.data } };
}

function documentBlock(part: DocumentPart, path: string): Block {
  const { source } = part;
  let block: Block;
  if (source.kind === 'url') block = { type: 'document', source: { type: 'url', url: source.url } };
  else if (source.kind === 'text')
    block = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: source.text } };
  else if (source.mediaType === 'application/pdf') {
    block = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: source.data } };
  } else if (source.mediaType === 'text/plain') {
    // Anthropic's plain-text source holds the text itself, not base64.
    const data = Buffer.from(source.data, 'base64').toString('utf8');
    block = { type: 'document', source: { type: 'text', media_type: 'text/plain', data } };
  } else {
    throw reject(path, `Anthropic accepts PDF and plain-text documents, not ${source.mediaType}`);
  }
  if (part.title !== undefined) block.title = part.title;
  return block;
}

function toBlock(part: ContentPart, path: string, warnings: TranslationWarning[]): Block | undefined {
  switch (part.type) {
    case 'text':
      // Anthropic rejects empty text blocks ("text content blocks must be non-empty").
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'image':
      return imageBlock(part, path);
    case 'document':
      return documentBlock(part, path);
    case 'tool-call':
      return { type: 'tool_use', id: sanitizeToolId(part.id), name: part.name, input: part.input };
    case 'tool-result': {
      const block: Block = { type: 'tool_result', tool_use_id: sanitizeToolId(part.toolCallId) };
      const content = part.content.flatMap<Block>(
        (item, index) => toBlock(item, `${path}.content[${index}]`, warnings) ?? [],
      );
      if (content.length > 0) block.content = content;
      if (part.isError) block.is_error = true;
      return block;
    }
    case 'reasoning':
      if (part.redacted !== undefined) return { type: 'redacted_thinking', data: part.redacted };
      if (part.signature !== undefined) return { type: 'thinking', thinking: part.text, signature: part.signature };
      warnings.push({
        code: 'dropped-thinking',
        field: path,
        message: 'Reasoning without a signature cannot be replayed to Anthropic; dropped.',
      });
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Renders the canonical conversation as Anthropic `messages` (B4.1): consecutive same-role turns merged, tool results
 * first in their user turn, tool ids sanitised, empty text and turns left out, unsigned reasoning dropped
 * (`dropped-thinking`); an image or document type Anthropic does not take is rejected.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function toAnthropicMessages(messages: readonly CanonicalMessage[], warnings: TranslationWarning[]): Block[] {
  const turns: { role: 'user' | 'assistant'; content: Block[] }[] = [];
  messages.forEach((message, index) => {
    const content = message.content.flatMap<Block>(
      (part, partIndex) => toBlock(part, `messages[${index}].content[${partIndex}]`, warnings) ?? [],
    );
    if (content.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === message.role) last.content.push(...content);
    else turns.push({ role: message.role, content });
  });
  for (const turn of turns) {
    if (turn.role !== 'user') continue;
    // "Messages following tool_use blocks must begin with a matching number of tool_result blocks."
    const results = turn.content.filter((block) => block.type === 'tool_result');
    if (results.length > 0)
      turn.content = [...results, ...turn.content.filter((block) => block.type !== 'tool_result')];
  }
  return turns;
}
