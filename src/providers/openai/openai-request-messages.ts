import type {
  CanonicalMessage,
  DocumentPart,
  ImagePart,
  TextPart,
  ToolResultPart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import { toOpenAIToolCallId } from './openai-tool-names.ts';

type WireMessage = Record<string, unknown>;
type WirePart = Record<string, unknown>;

/** What rendering messages needs besides the messages. */
export interface RenderOpenAIMessagesContext {
  /** Maps a canonical tool name to the name sent (see toOpenAIToolName). */
  toolName: (name: string) => string;
  /** Collects what was lost. */
  warnings: TranslationWarning[];
}

/**
 * Canonical system + messages → OpenAI `messages[]` (B4.1, A→O): one leading system message; a user turn's tool
 * results become `role:"tool"` messages first, the rest of the turn a following user message (images of tool results
 * move there); assistant text is joined into `content`, tool calls become `tool_calls`; reasoning is dropped.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function renderOpenAIChatMessages(
  system: readonly TextPart[],
  messages: readonly CanonicalMessage[],
  context: RenderOpenAIMessagesContext,
): WireMessage[] {
  const wire: WireMessage[] = [];
  if (system.length > 0) wire.push({ role: 'system', content: textContent(system) });
  let droppedReasoning: string | undefined;
  let droppedReasoningCount = 0;
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    message.content.forEach((part, partIndex) => {
      if (part.type !== 'reasoning') return;
      droppedReasoning ??= `${param}.content[${partIndex}]`;
      droppedReasoningCount++;
    });
    if (message.role === 'assistant') wire.push(...renderAssistant(message, param, context));
    else wire.push(...renderUser(message, param, context));
  });
  if (droppedReasoning !== undefined) {
    context.warnings.push({
      code: 'dropped-thinking',
      field: droppedReasoning,
      message: `${droppedReasoningCount} reasoning part(s) dropped: OpenAI cannot replay them`,
    });
  }
  return wire;
}

/** A single text part as a string (the form every compatible server accepts), several as text parts. */
function textContent(parts: readonly TextPart[]): string | WirePart[] {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0].text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

function renderAssistant(
  message: CanonicalMessage,
  param: string,
  context: RenderOpenAIMessagesContext,
): WireMessage[] {
  let text = '';
  const toolCalls: WirePart[] = [];
  message.content.forEach((part, index) => {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({
        id: toOpenAIToolCallId(part.id),
        type: 'function',
        function: { name: context.toolName(part.name), arguments: JSON.stringify(part.input) },
      });
    } else if (part.type !== 'reasoning') {
      throw misplaced(`${param}.content[${index}]`, part.type, 'assistant');
    }
  });
  if (text === '' && toolCalls.length === 0) return [];
  const wire: WireMessage = { role: 'assistant', content: text === '' ? null : text };
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  return [wire];
}

function renderUser(message: CanonicalMessage, param: string, context: RenderOpenAIMessagesContext): WireMessage[] {
  const toolMessages: WireMessage[] = [];
  const movedImages: WirePart[] = [];
  const rest: WirePart[] = [];
  message.content.forEach((part, index) => {
    const field = `${param}.content[${index}]`;
    switch (part.type) {
      case 'tool-result':
        toolMessages.push(renderToolResult(part, field, movedImages, context));
        break;
      case 'text':
        if (part.text !== '') rest.push({ type: 'text', text: part.text });
        break;
      case 'image':
        rest.push(renderImage(part));
        break;
      case 'document':
        rest.push(renderDocument(part, field, context));
        break;
      case 'reasoning':
        break;
      default:
        throw misplaced(field, part.type, 'user');
    }
  });
  const content = [...movedImages, ...rest];
  if (content.length === 0) return toolMessages;
  const only = content.length === 1 ? content[0] : undefined;
  const user = { role: 'user', content: only?.type === 'text' ? only.text : content };
  return [...toolMessages, user];
}

/**
 * A tool message holds text only: text parts are joined with a newline, images move to the following user message,
 * and `isError` (no OpenAI field) becomes an `Error: ` prefix.
 */
function renderToolResult(
  part: ToolResultPart,
  field: string,
  movedImages: WirePart[],
  context: RenderOpenAIMessagesContext,
): WireMessage {
  const texts: string[] = [];
  part.content.forEach((item, index) => {
    if (item.type === 'text') {
      texts.push(item.text);
      return;
    }
    movedImages.push(renderImage(item));
    context.warnings.push({
      code: 'moved-tool-result-image',
      field: `${field}.content[${index}]`,
      message: 'OpenAI tool messages hold text only: the image was sent in the following user message',
    });
  });
  const text = texts.join('\n');
  const content = part.isError ? (text === '' ? 'Error' : `Error: ${text}`) : text;
  return { role: 'tool', tool_call_id: toOpenAIToolCallId(part.toolCallId), content };
}

/** @see https://platform.openai.com/docs/guides/images-vision */
function renderImage(part: ImagePart): WirePart {
  const { source } = part;
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  return { type: 'image_url', image_url: { url } };
}

/**
 * Chat Completions takes inline PDFs only (`file.file_data`); plain-text documents are sent as text, as OpenAI's
 * guide advises; document URLs are rejected.
 * @see https://platform.openai.com/docs/guides/pdf-files
 */
function renderDocument(part: DocumentPart, field: string, context: RenderOpenAIMessagesContext): WirePart {
  const { source } = part;
  if (source.kind === 'base64' && source.mediaType === 'application/pdf') {
    return {
      type: 'file',
      file: { filename: part.title ?? 'document.pdf', file_data: `data:application/pdf;base64,${source.data}` },
    };
  }
  let text: string | undefined;
  if (source.kind === 'text') text = source.text;
  else if (source.kind === 'base64' && source.mediaType.startsWith('text/')) {
    text = Buffer.from(source.data, 'base64').toString('utf8');
  }
  if (text === undefined) {
    const what = source.kind === 'base64' ? `a ${source.mediaType} document` : 'a document URL';
    throw new OutlastError(
      'OUTLAST_INVALID_REQUEST',
      `OpenAI Chat Completions cannot take ${what}; send a PDF inline`,
      {
        param: field,
      },
    );
  }
  context.warnings.push({
    code: 'document-as-text',
    field,
    message: 'OpenAI Chat Completions takes PDF files only: the text document was sent as a text part',
  });
  return { type: 'text', text };
}

function misplaced(field: string, type: string, role: string): OutlastError {
  return new OutlastError('OUTLAST_INVALID_REQUEST', `A ${type} part cannot appear in a ${role} message`, {
    param: field,
  });
}
