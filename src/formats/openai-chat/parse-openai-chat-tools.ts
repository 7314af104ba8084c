import type { ResponseFormat, ToolChoice, ToolDefinition, TranslationWarning } from '../../core/canonical.ts';
import { invalidField, isRecord } from './openai-chat-field-readers.ts';

/**
 * `tools[]`: function tools → canonical tools (`parameters` absent → an empty object schema). `custom` tools have no
 * canonical form and are rejected.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 */
export function parseOpenAIChatTools(value: unknown): ToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField('tools', 'must be an array');
  return value.map((tool: unknown, index) => {
    const param = `tools[${index}]`;
    if (!isRecord(tool) || tool.type !== 'function')
      throw invalidField(`${param}.type`, 'only `function` tools can be translated');
    const fn = tool.function;
    if (!isRecord(fn) || typeof fn.name !== 'string') throw invalidField(`${param}.function.name`, 'must be a string');
    const parameters = fn.parameters ?? { type: 'object', properties: {} };
    if (!isRecord(parameters)) throw invalidField(`${param}.function.parameters`, 'must be a JSON Schema object');
    const definition: ToolDefinition = { name: fn.name, inputSchema: parameters };
    if (typeof fn.description === 'string') definition.description = fn.description;
    if (typeof fn.strict === 'boolean') definition.strict = fn.strict;
    return definition;
  });
}

/** A parsed `tool_choice`, and the tool names `allowed_tools` narrows the offer to. */
export interface ParsedToolChoice {
  /** The canonical choice. */
  toolChoice: ToolChoice;
  /** Set for `allowed_tools`: only these tools are offered. */
  allowedNames?: ReadonlySet<string> | undefined;
}

/**
 * `tool_choice`: `auto`/`required`/`none`/`{type:"function"}` map exactly; `allowed_tools` becomes its mode with the
 * offered tools narrowed to the allowed ones (warning `lossy-tool-choice`).
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice
 */
export function parseOpenAIChatToolChoice(
  value: unknown,
  warnings: TranslationWarning[],
): ParsedToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'required' || value === 'none') return { toolChoice: { type: value } };
  if (isRecord(value) && value.type === 'function') {
    const name = isRecord(value.function) ? value.function.name : undefined;
    if (typeof name !== 'string') throw invalidField('tool_choice.function.name', 'must be a string');
    return { toolChoice: { type: 'tool', name } };
  }
  if (isRecord(value) && value.type === 'allowed_tools' && isRecord(value.allowed_tools)) {
    const { mode, tools } = value.allowed_tools;
    if ((mode !== 'auto' && mode !== 'required') || !Array.isArray(tools)) {
      throw invalidField('tool_choice.allowed_tools', 'needs a mode of auto or required and a tools array');
    }
    const allowedNames = new Set<string>();
    for (const tool of tools) {
      const name = isRecord(tool) && isRecord(tool.function) ? tool.function.name : undefined;
      if (typeof name === 'string') allowedNames.add(name);
    }
    warnings.push({
      code: 'lossy-tool-choice',
      field: 'tool_choice',
      message: 'allowed_tools was sent as its mode, offering only the allowed tools',
    });
    return { toolChoice: { type: mode }, allowedNames };
  }
  throw invalidField('tool_choice', 'must be auto, required, none or a function choice');
}

/**
 * `response_format`: text, json_object and json_schema map exactly (`json_schema.description` is dropped).
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format
 */
export function parseOpenAIChatResponseFormat(
  value: unknown,
  warnings: TranslationWarning[],
): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidField('response_format', 'must be an object');
  if (value.type === 'text') return { type: 'text' };
  if (value.type === 'json_object') return { type: 'json-object' };
  if (value.type !== 'json_schema')
    throw invalidField('response_format.type', 'must be text, json_object or json_schema');
  const spec = value.json_schema;
  if (!isRecord(spec) || typeof spec.name !== 'string') {
    throw invalidField('response_format.json_schema.name', 'must be a string');
  }
  const schema = spec.schema ?? {};
  if (!isRecord(schema)) throw invalidField('response_format.json_schema.schema', 'must be a JSON Schema object');
  const format: ResponseFormat = { type: 'json-schema', name: spec.name, schema };
  if (typeof spec.strict === 'boolean') format.strict = spec.strict;
  if (typeof spec.description === 'string') {
    warnings.push({
      code: 'dropped-field',
      field: 'response_format.json_schema.description',
      message: 'The schema description has no equivalent here',
    });
  }
  return format;
}
