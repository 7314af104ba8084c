import type {
  CanonicalMessage,
  ContentPart,
  ImagePart,
  TextPart,
  ToolResultPart,
  TranslationWarning,
} from '../../core/canonical.ts';
import { invalidField, isRecord } from '../openai-chat/openai-chat-field-readers.ts';
import { parseBase64DataUrl } from '../openai-chat/parse-openai-chat-content.ts';

/** The input of a Responses request split the canonical way. */
export interface ParsedResponsesInput {
  /** `instructions`, then system and developer messages, in order. */
  system: TextPart[];
  /** User and assistant turns. */
  messages: CanonicalMessage[];
}

/** Built-in tool items a translated target cannot replay; dropped with a warning (reference §7.1). */
const droppedItemTypes = new Set([
  'web_search_call',
  'file_search_call',
  'code_interpreter_call',
  'computer_call',
  'computer_call_output',
  'image_generation_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'tool_search_call',
  'tool_search_output',
  'compaction',
]);

function imagePart(part: Record<string, unknown>, param: string): ImagePart {
  const url = part.image_url;
  if (typeof url !== 'string') {
    throw invalidField(
      `${param}.image_url`,
      'an image needs an `image_url` (uploaded `file_id`s cannot be translated)',
    );
  }
  const inline = parseBase64DataUrl(url);
  return {
    type: 'image',
    source:
      inline === undefined ? { kind: 'url', url } : { kind: 'base64', mediaType: inline.mediaType, data: inline.data },
  };
}

/** Message content: a string, or `input_text` / `output_text` / `refusal` / `input_image` / `input_file` parts. */
function contentParts(content: unknown, param: string, role: string): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidField(param, 'must be a string or an array of content parts');
  const parts: ContentPart[] = [];
  content.forEach((part: unknown, index) => {
    const field = `${param}[${index}]`;
    if (!isRecord(part)) throw invalidField(field, 'must be a content part object');
    if (part.type === 'input_text' || part.type === 'output_text') {
      if (typeof part.text !== 'string') throw invalidField(`${field}.text`, 'must be a string');
      if (part.text !== '') parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'refusal') {
      if (typeof part.refusal === 'string' && part.refusal !== '') parts.push({ type: 'text', text: part.refusal });
    } else if (part.type === 'input_image') {
      if (role !== 'user') throw invalidField(field, 'images are only allowed in user messages');
      parts.push(imagePart(part, field));
    } else if (part.type === 'input_file') {
      const data = typeof part.file_data === 'string' ? part.file_data : undefined;
      const inline = data === undefined ? undefined : parseBase64DataUrl(data);
      if (data === undefined) throw invalidField(field, 'only inline `file_data` files can be translated');
      const title = typeof part.filename === 'string' ? part.filename : undefined;
      parts.push({
        type: 'document',
        source:
          inline === undefined
            ? { kind: 'base64', mediaType: 'application/pdf', data }
            : { kind: 'base64', mediaType: inline.mediaType, data: inline.data },
        title,
      });
    } else {
      throw invalidField(`${field}.type`, `unsupported content part ${JSON.stringify(part.type)}`);
    }
  });
  return parts;
}

function outputText(output: unknown, param: string): (TextPart | ImagePart)[] {
  if (typeof output === 'string') return output === '' ? [] : [{ type: 'text', text: output }];
  const parts = contentParts(output, param, 'user');
  return parts.filter((part): part is TextPart | ImagePart => part.type === 'text' || part.type === 'image');
}

function parseArguments(value: unknown, param: string, warnings: TranslationWarning[]): Record<string, unknown> {
  if (typeof value !== 'string') throw invalidField(param, 'must be a JSON string');
  try {
    const parsed: unknown = JSON.parse(value === '' ? '{}' : value);
    if (isRecord(parsed)) return parsed;
  } catch {
    // reported below
  }
  warnings.push({
    code: 'invalid-tool-arguments',
    field: param,
    message: 'Arguments were not a JSON object; sent as {}',
  });
  return {};
}

/**
 * Parses the items of a Responses `input` (a string is one user message): messages of every role, `function_call`
 * (and `custom_tool_call`) runs merged into one assistant turn, their outputs into one user turn of tool results,
 * reasoning and built-in tool items dropped with a warning. `item_reference`s must be resolved before (the ledger does it).
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
export function parseOpenAIResponsesInput(
  input: unknown,
  instructions: string | undefined,
  warnings: TranslationWarning[],
): ParsedResponsesInput {
  const system: TextPart[] =
    instructions === undefined || instructions === '' ? [] : [{ type: 'text', text: instructions }];
  const messages: CanonicalMessage[] = [];
  if (typeof input === 'string') {
    if (input !== '') messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return { system, messages };
  }
  if (!Array.isArray(input)) throw invalidField('input', 'must be a string or an array of items');
  const toolNames = new Map<string, string>();
  const turn = (role: 'user' | 'assistant'): CanonicalMessage => {
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) return last;
    const created: CanonicalMessage = { role, content: [] };
    messages.push(created);
    return created;
  };
  input.forEach((item: unknown, index) => {
    const param = `input[${index}]`;
    if (!isRecord(item)) throw invalidField(param, 'must be an item object');
    const type = item.type ?? 'message';
    if (type === 'message') {
      const role = item.role;
      if (role === 'system' || role === 'developer') {
        for (const part of contentParts(item.content, `${param}.content`, 'system')) {
          if (part.type === 'text') system.push(part);
          else throw invalidField(`${param}.content`, 'only text is allowed in system and developer messages');
        }
      } else if (role === 'user' || role === 'assistant') {
        const parts = contentParts(item.content, `${param}.content`, role);
        if (parts.length > 0) turn(role).content.push(...parts);
      } else {
        throw invalidField(`${param}.role`, `unsupported role ${JSON.stringify(role)}`);
      }
    } else if (type === 'function_call') {
      if (typeof item.call_id !== 'string') throw invalidField(`${param}.call_id`, 'is required');
      if (typeof item.name !== 'string') throw invalidField(`${param}.name`, 'is required');
      toolNames.set(item.call_id, item.name);
      turn('assistant').content.push({
        type: 'tool-call',
        id: item.call_id,
        name: item.name,
        input: parseArguments(item.arguments, `${param}.arguments`, warnings),
      });
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') throw invalidField(`${param}.call_id`, 'is required');
      const result: ToolResultPart = {
        type: 'tool-result',
        toolCallId: item.call_id,
        toolName: toolNames.get(item.call_id),
        content: outputText(item.output, `${param}.output`),
        isError: false,
      };
      turn('user').content.push(result);
    } else if (type === 'custom_tool_call') {
      // A custom tool is offered to other targets as a function of one string `input` (parse-openai-responses-request).
      if (typeof item.call_id !== 'string') throw invalidField(`${param}.call_id`, 'is required');
      if (typeof item.name !== 'string') throw invalidField(`${param}.name`, 'is required');
      if (typeof item.input !== 'string') throw invalidField(`${param}.input`, 'must be a string');
      toolNames.set(item.call_id, item.name);
      turn('assistant').content.push({
        type: 'tool-call',
        id: item.call_id,
        name: item.name,
        input: { input: item.input },
      });
    } else if (type === 'custom_tool_call_output') {
      if (typeof item.call_id !== 'string') throw invalidField(`${param}.call_id`, 'is required');
      turn('user').content.push({
        type: 'tool-result',
        toolCallId: item.call_id,
        toolName: toolNames.get(item.call_id),
        content: outputText(item.output, `${param}.output`),
        isError: false,
      });
    } else if (type === 'reasoning') {
      warnings.push({
        code: 'dropped-reasoning',
        field: param,
        message: 'Reasoning items cannot be replayed to this target',
      });
    } else if (type === 'item_reference') {
      throw invalidField(param, `item \`${String(item.id)}\` was not found`);
    } else if (typeof type === 'string' && droppedItemTypes.has(type)) {
      warnings.push({
        code: 'dropped-item',
        field: param,
        message: `\`${type}\` items have no equivalent on this target`,
      });
    } else {
      throw invalidField(`${param}.type`, `unsupported item type ${JSON.stringify(type)}`);
    }
  });
  return { system, messages };
}
