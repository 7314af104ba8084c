import type {
  CanonicalMessage,
  ContentPart,
  ImagePart,
  TextPart,
  ToolResultPart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { dropUnknownFields, type Fields, invalidField, isFields, requireString } from './anthropic-request-fields.ts';
import { parseAnthropicDocument, parseAnthropicImage } from './parse-anthropic-media.ts';

/** Server-tool blocks (`server_tool_use`, `web_search_tool_result`, ...): they only mean something at Anthropic. */
const serverToolBlock = /^(?:server_tool_use|mcp_tool_use|container_upload)$|_tool_result$/;

/** The system prompt and conversation read from `messages`. */
export interface ParsedAnthropicMessages {
  /** Text of `role: "system"` messages found mid-conversation, in order. */
  system: TextPart[];
  /** The conversation. */
  messages: CanonicalMessage[];
}

interface Context {
  warnings: TranslationWarning[];
  /** Tool names by tool_use id, so results can name their tool (Gemini matches results by name). */
  toolNames: Map<string, string>;
}

function drop(context: Context, code: string, field: string, what: string): undefined {
  context.warnings.push({ code, field, message: `${what} has no equivalent outside Anthropic; dropped.` });
  return undefined;
}

function parseText(block: Fields, path: string, context: Context): TextPart | undefined {
  dropUnknownFields(block, ['type', 'text'], path, context.warnings);
  const text = requireString(block, 'text', path);
  return text === '' ? undefined : { type: 'text', text };
}

function parseToolResult(block: Fields, path: string, context: Context): ToolResultPart {
  dropUnknownFields(block, ['type', 'tool_use_id', 'content', 'is_error'], path, context.warnings);
  const toolCallId = requireString(block, 'tool_use_id', path);
  const content: (TextPart | ImagePart)[] = [];
  if (typeof block.content === 'string') {
    if (block.content !== '') content.push({ type: 'text', text: block.content });
  } else if (Array.isArray(block.content)) {
    block.content.forEach((item: unknown, index) => {
      const at = `${path}.content[${index}]`;
      if (!isFields(item)) throw invalidField(at, 'must be a content block');
      const part =
        item.type === 'text'
          ? parseText(item, at, context)
          : item.type === 'image'
            ? parseAnthropicImage(item, at, context.warnings)
            : drop(context, 'dropped-content', at, `A \`${String(item.type)}\` block inside a tool result`);
      if (part !== undefined) content.push(part);
    });
  } else if (block.content !== undefined) {
    throw invalidField(`${path}.content`, 'must be a string or an array of blocks');
  }
  const part: ToolResultPart = { type: 'tool-result', toolCallId, content, isError: block.is_error === true };
  const toolName = context.toolNames.get(toolCallId);
  if (toolName !== undefined) part.toolName = toolName;
  return part;
}

function parseBlock(
  block: Fields,
  path: string,
  role: 'user' | 'assistant',
  context: Context,
): ContentPart | undefined {
  const type = String(block.type);
  const misplaced = (expected: string) => invalidField(path, `a \`${type}\` block belongs in an ${expected} turn`);
  switch (type) {
    case 'text':
      return parseText(block, path, context);
    case 'image':
      return parseAnthropicImage(block, path, context.warnings);
    case 'document':
      return parseAnthropicDocument(block, path, context.warnings);
    case 'tool_use': {
      if (role !== 'assistant') throw misplaced('assistant');
      dropUnknownFields(block, ['type', 'id', 'name', 'input'], path, context.warnings);
      const id = requireString(block, 'id', path);
      const name = requireString(block, 'name', path);
      if (!isFields(block.input)) throw invalidField(`${path}.input`, 'must be an object');
      context.toolNames.set(id, name);
      return { type: 'tool-call', id, name, input: block.input };
    }
    case 'tool_result':
      if (role !== 'user') throw misplaced('user');
      return parseToolResult(block, path, context);
    case 'thinking':
      if (role !== 'assistant') throw misplaced('assistant');
      return {
        type: 'reasoning',
        text: requireString(block, 'thinking', path),
        signature: requireString(block, 'signature', path),
      };
    case 'redacted_thinking':
      if (role !== 'assistant') throw misplaced('assistant');
      return { type: 'reasoning', text: '', redacted: requireString(block, 'data', path) };
    default:
      if (serverToolBlock.test(type)) return drop(context, 'dropped-server-tool', path, `A \`${type}\` block`);
      return drop(context, 'dropped-content', path, `A \`${type}\` block`);
  }
}

function systemText(content: unknown, path: string, warnings: TranslationWarning[]): TextPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidField(path, 'must be a string or an array of text blocks');
  return content.flatMap((block: unknown, index) => {
    if (!isFields(block) || block.type !== 'text') throw invalidField(`${path}[${index}]`, 'must be a text block');
    dropUnknownFields(block, ['type', 'text'], `${path}[${index}]`, warnings);
    const text = requireString(block, 'text', `${path}[${index}]`);
    return text === '' ? [] : [{ type: 'text' as const, text }];
  });
}

/**
 * Reads Anthropic `messages` (B1.2, B4.1). A `role: "system"` turn moves to the system prompt (`moved-system-message`);
 * server-tool blocks are dropped (`dropped-server-tool`), other blocks without a canonical home too (`dropped-content`).
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function parseAnthropicMessages(value: unknown, warnings: TranslationWarning[]): ParsedAnthropicMessages {
  if (!Array.isArray(value)) throw invalidField('messages', 'must be an array');
  const context: Context = { warnings, toolNames: new Map() };
  const parsed: ParsedAnthropicMessages = { system: [], messages: [] };
  value.forEach((message: unknown, index) => {
    const path = `messages[${index}]`;
    if (!isFields(message)) throw invalidField(path, 'must be an object');
    dropUnknownFields(message, ['role', 'content'], path, warnings);
    const role = message.role;
    if (role === 'system') {
      parsed.system.push(...systemText(message.content, `${path}.content`, warnings));
      const text = 'A mid-conversation system message was moved to the system prompt.';
      warnings.push({ code: 'moved-system-message', field: path, message: text });
      return;
    }
    if (role !== 'user' && role !== 'assistant') throw invalidField(`${path}.role`, 'must be "user" or "assistant"');
    let content: ContentPart[];
    if (typeof message.content === 'string') {
      content = message.content === '' ? [] : [{ type: 'text', text: message.content }];
    } else if (Array.isArray(message.content)) {
      content = [];
      message.content.forEach((block: unknown, blockIndex) => {
        const at = `${path}.content[${blockIndex}]`;
        if (!isFields(block)) throw invalidField(at, 'must be a content block');
        const part = parseBlock(block, at, role, context);
        if (part !== undefined) content.push(part);
      });
    } else {
      throw invalidField(`${path}.content`, 'must be a string or an array of content blocks');
    }
    if (content.length > 0) parsed.messages.push({ role, content });
  });
  return parsed;
}

/** Reads the top-level `system` (a string or text blocks). */
export function parseAnthropicSystem(value: unknown, warnings: TranslationWarning[]): TextPart[] {
  return value === undefined || value === null ? [] : systemText(value, 'system', warnings);
}
