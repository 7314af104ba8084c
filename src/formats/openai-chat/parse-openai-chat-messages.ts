import type {
  CanonicalMessage,
  ContentPart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { invalidField, isRecord } from './openai-chat-field-readers.ts';
import { parseTextContent, parseUserContent } from './parse-openai-chat-content.ts';

/** The conversation of an OpenAI request split the canonical way. */
export interface ParsedOpenAIChatMessages {
  /** System and developer messages, in order. */
  system: TextPart[];
  /** User and assistant turns; tool messages become tool-result parts of a user turn. */
  messages: CanonicalMessage[];
}

/** Message fields read per role; any other non-null field is dropped with a warning. */
const knownFields: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content']),
  developer: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'refusal', 'tool_calls', 'function_call']),
  tool: new Set(['role', 'content', 'tool_call_id']),
};

/**
 * Parses `messages[]`: system/developer → `system` (a late one too, with a warning), user content, assistant text and
 * `tool_calls`, and runs of `tool` messages → one user turn with the tool results first (a user message right after
 * them joins that turn). Legacy `function` messages are rejected.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function parseOpenAIChatMessages(value: unknown, warnings: TranslationWarning[]): ParsedOpenAIChatMessages {
  if (!Array.isArray(value)) throw invalidField('messages', 'must be an array of messages');
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  let toolTurn: CanonicalMessage | undefined;
  value.forEach((message: unknown, index) => {
    const param = `messages[${index}]`;
    if (!isRecord(message)) throw invalidField(param, 'must be a message object');
    const role = message.role;
    if (role === 'function')
      throw invalidField(`${param}.role`, 'legacy `function` messages are not translated; use tools');
    const known = typeof role === 'string' ? knownFields[role] : undefined;
    if (known === undefined) throw invalidField(`${param}.role`, `unsupported role ${JSON.stringify(role)}`);
    for (const [key, field] of Object.entries(message)) {
      if (!known.has(key) && field !== null && field !== undefined) {
        warnings.push({
          code: 'dropped-field',
          field: `${param}.${key}`,
          message: `\`${key}\` has no equivalent here`,
        });
      }
    }
    if (role === 'system' || role === 'developer') {
      if (messages.length > 0) {
        warnings.push({
          code: 'moved-system-message',
          field: param,
          message: 'A system message inside the conversation was moved to the system prompt',
        });
      }
      system.push(...parseTextContent(message.content, `${param}.content`));
    } else if (role === 'tool') {
      if (toolTurn === undefined) {
        toolTurn = { role: 'user', content: [] };
        messages.push(toolTurn);
      }
      toolTurn.content.push(parseToolMessage(message, param, toolNames));
    } else if (role === 'user') {
      const content = parseUserContent(message.content, `${param}.content`);
      if (toolTurn !== undefined) toolTurn.content.push(...content);
      else if (content.length > 0) messages.push({ role: 'user', content });
      else warnings.push(emptyMessage(param));
      toolTurn = undefined;
    } else {
      toolTurn = undefined;
      const content = parseAssistantMessage(message, param, toolNames, warnings);
      if (content.length > 0) messages.push({ role: 'assistant', content });
      else warnings.push(emptyMessage(param));
    }
  });
  return { system, messages };
}

function emptyMessage(param: string): TranslationWarning {
  return { code: 'dropped-empty-message', field: param, message: 'A message with no content was dropped' };
}

function parseToolMessage(
  message: Record<string, unknown>,
  param: string,
  toolNames: ReadonlyMap<string, string>,
): ToolResultPart {
  if (typeof message.tool_call_id !== 'string') throw invalidField(`${param}.tool_call_id`, 'must be a string');
  const part: ToolResultPart = {
    type: 'tool-result',
    toolCallId: message.tool_call_id,
    content: parseTextContent(message.content, `${param}.content`),
    isError: false,
  };
  const toolName = toolNames.get(message.tool_call_id);
  if (toolName !== undefined) part.toolName = toolName;
  return part;
}

/** Assistant text (string, text or refusal parts), the `refusal` field as text, and tool calls. */
function parseAssistantMessage(
  message: Record<string, unknown>,
  param: string,
  toolNames: Map<string, string>,
  warnings: TranslationWarning[],
): ContentPart[] {
  if (message.function_call !== undefined && message.function_call !== null) {
    throw invalidField(`${param}.function_call`, 'legacy `function_call` is not translated; use `tool_calls`');
  }
  const content: ContentPart[] = [];
  const text = message.content;
  if (Array.isArray(text)) {
    text.forEach((part: unknown, index) => {
      const value = isRecord(part) ? (part.type === 'refusal' ? part.refusal : part.text) : undefined;
      if (typeof value !== 'string') throw invalidField(`${param}.content[${index}]`, 'must be a text or refusal part');
      if (value !== '') content.push({ type: 'text', text: value });
    });
  } else {
    content.push(...parseTextContent(text, `${param}.content`));
  }
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    content.push({ type: 'text', text: message.refusal });
  }
  const calls = message.tool_calls;
  if (calls === undefined || calls === null) return content;
  if (!Array.isArray(calls)) throw invalidField(`${param}.tool_calls`, 'must be an array');
  calls.forEach((call: unknown, index) => {
    const part = parseToolCall(call, `${param}.tool_calls[${index}]`, warnings);
    toolNames.set(part.id, part.name);
    content.push(part);
  });
  return content;
}

function parseToolCall(call: unknown, param: string, warnings: TranslationWarning[]): ToolCallPart {
  if (!isRecord(call)) throw invalidField(param, 'must be a tool call object');
  if (call.type !== undefined && call.type !== 'function') {
    throw invalidField(`${param}.type`, 'only `function` tool calls can be translated');
  }
  if (typeof call.id !== 'string') throw invalidField(`${param}.id`, 'must be a string');
  const fn = call.function;
  if (!isRecord(fn) || typeof fn.name !== 'string') throw invalidField(`${param}.function.name`, 'must be a string');
  const input = parseToolArguments(fn.arguments, `${param}.function.arguments`, warnings);
  return { type: 'tool-call', id: call.id, name: fn.name, input };
}

/** OpenAI's argument string → an object; empty → `{}`; invalid JSON or a non-object → `{}` with a warning. */
export function parseToolArguments(
  value: unknown,
  field: string,
  warnings: TranslationWarning[],
): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isRecord(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  warnings.push({
    code: 'invalid-tool-arguments',
    field,
    message: 'Tool call arguments are not a JSON object; sent as {}',
  });
  return {};
}
