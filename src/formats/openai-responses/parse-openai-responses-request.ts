import type {
  CanonicalRequest,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
  TranslationWarning,
} from '../../core/canonical.ts';
import {
  invalidField,
  isRecord,
  readBoolean,
  readNumber,
  readString,
} from '../openai-chat/openai-chat-field-readers.ts';
import { parseOpenAIResponsesInput } from './parse-openai-responses-input.ts';

/** A canonical request and what was lost on the way. */
export interface ParsedOpenAIResponsesRequest {
  /** The request in canonical form. */
  request: CanonicalRequest;
  /** Every dropped field or changed part, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/**
 * Top-level fields read here or by the gateway's response ledger (`store`, `previous_response_id`, `metadata` live
 * there, not upstream). Every other non-null field is dropped with a `dropped-field` warning.
 */
const handledFields = new Set([
  'model',
  'input',
  'instructions',
  'stream',
  'stream_options',
  'store',
  'previous_response_id',
  'metadata',
  'max_output_tokens',
  'temperature',
  'top_p',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'user',
  'safety_identifier',
  'include',
  'truncation',
]);

function parseFunctionTool(tool: Record<string, unknown>, param: string, prefix: string): ToolDefinition {
  if (typeof tool.name !== 'string' || tool.name === '') throw invalidField(`${param}.name`, 'is required');
  const parameters = tool.parameters ?? { type: 'object', properties: {} };
  if (!isRecord(parameters)) throw invalidField(`${param}.parameters`, 'must be a JSON Schema object');
  const definition: ToolDefinition = {
    name: prefix + tool.name,
    inputSchema: parameters.type === undefined ? { ...parameters, type: 'object' } : parameters,
  };
  if (typeof tool.description === 'string') definition.description = tool.description;
  if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
  return definition;
}

/**
 * A custom (freeform) tool, such as Codex's `apply_patch`, offered as a function taking one string `input`; its
 * grammar, when it has one, goes into the description so the model still knows the syntax.
 * @see https://platform.openai.com/docs/guides/function-calling#custom-tools
 */
function parseCustomTool(tool: Record<string, unknown>, param: string): ToolDefinition {
  if (typeof tool.name !== 'string' || tool.name === '') throw invalidField(`${param}.name`, 'is required');
  let description = typeof tool.description === 'string' ? tool.description : '';
  const format = tool.format;
  if (isRecord(format) && format.type === 'grammar' && typeof format.definition === 'string') {
    const syntax = typeof format.syntax === 'string' ? format.syntax : 'grammar';
    description += `${description === '' ? '' : '\n\n'}The input must follow this ${syntax} grammar:\n${format.definition}`;
  }
  const definition: ToolDefinition = {
    name: tool.name,
    inputSchema: {
      type: 'object',
      properties: { input: { type: 'string', description: 'The raw input of the tool.' } },
      required: ['input'],
    },
  };
  if (description !== '') definition.description = description;
  return definition;
}

/**
 * Flat function tools, and the function tools of a `namespace` (flattened, names kept). Custom tools become functions
 * of one string `input` (`custom-tool-as-function`). Built-in tools only OpenAI
 * runs are dropped with a warning; `parseToolChoice` refuses a request that forces one of them.
 */
function parseTools(value: unknown, warnings: TranslationWarning[]): { tools: ToolDefinition[]; dropped: Set<string> } {
  const tools: ToolDefinition[] = [];
  const dropped = new Set<string>();
  if (value === undefined || value === null) return { tools, dropped };
  if (!Array.isArray(value)) throw invalidField('tools', 'must be an array');
  value.forEach((tool: unknown, index) => {
    const param = `tools[${index}]`;
    if (!isRecord(tool)) throw invalidField(param, 'must be a tool object');
    if (tool.type === 'function') {
      tools.push(parseFunctionTool(tool, param, ''));
    } else if (tool.type === 'custom') {
      tools.push(parseCustomTool(tool, param));
      warnings.push({
        code: 'custom-tool-as-function',
        field: param,
        message: 'A custom tool was offered as a function with one string `input`',
      });
    } else if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      tool.tools.forEach((inner: unknown, innerIndex) => {
        if (isRecord(inner) && inner.type === 'function')
          tools.push(parseFunctionTool(inner, `${param}.tools[${innerIndex}]`, ''));
      });
    } else {
      const type = String(tool.type);
      dropped.add(type);
      warnings.push({
        code: 'dropped-tool',
        field: param,
        message: `The built-in tool \`${type}\` only runs on OpenAI`,
      });
    }
  });
  return { tools, dropped };
}

function parseToolChoice(value: unknown, dropped: Set<string>, warnings: TranslationWarning[]): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  if (!isRecord(value)) throw invalidField('tool_choice', 'must be "auto", "none", "required" or a tool choice object');
  if (value.type === 'function') {
    if (typeof value.name !== 'string') throw invalidField('tool_choice.name', 'is required');
    return { type: 'tool', name: value.name };
  }
  if (value.type === 'allowed_tools') {
    warnings.push({ code: 'dropped-field', field: 'tool_choice', message: '`allowed_tools` was served as its mode' });
    return value.mode === 'required' ? { type: 'required' } : { type: 'auto' };
  }
  const type = String(value.type);
  if (dropped.has(type) || type.length > 0) {
    throw invalidField('tool_choice', `forces the built-in tool \`${type}\`, which only OpenAI targets can run`);
  }
  return undefined;
}

function parseTextFormat(value: unknown, warnings: TranslationWarning[]): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidField('text', 'must be an object');
  if (value.verbosity !== undefined && value.verbosity !== null) {
    warnings.push({
      code: 'dropped-field',
      field: 'text.verbosity',
      message: '`verbosity` has no equivalent on this target',
    });
  }
  const format = value.format;
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) throw invalidField('text.format', 'must be an object');
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json-object' };
  if (format.type === 'json_schema') {
    if (typeof format.name !== 'string') throw invalidField('text.format.name', 'is required');
    if (!isRecord(format.schema)) throw invalidField('text.format.schema', 'must be a JSON Schema object');
    const result: ResponseFormat = { type: 'json-schema', name: format.name, schema: format.schema };
    if (typeof format.strict === 'boolean') result.strict = format.strict;
    return result;
  }
  throw invalidField('text.format.type', `unsupported format ${JSON.stringify(format.type)}`);
}

/**
 * Parses an OpenAI Responses request into the canonical form, for a target that is not OpenAI's own Responses API.
 * `previous_response_id` must already be expanded into `input` by the response ledger. Background mode, stored
 * prompts and forced built-in tools cannot be served by another API and are refused naming the field.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function parseOpenAIResponsesRequest(body: Record<string, unknown>): ParsedOpenAIResponsesRequest {
  const warnings: TranslationWarning[] = [];
  const model = readString(body.model, 'model');
  if (model === undefined) throw invalidField('model', 'is required');
  if (body.background === true) throw invalidField('background', 'background responses can only run on OpenAI targets');
  if (body.prompt !== undefined && body.prompt !== null) {
    throw invalidField('prompt', 'stored prompt templates can only run on OpenAI targets');
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw invalidField('conversation', 'the Conversations API can only be served by OpenAI targets');
  }
  const { system, messages } = parseOpenAIResponsesInput(
    body.input,
    readString(body.instructions, 'instructions'),
    warnings,
  );
  const request: CanonicalRequest = { model, system, messages, stream: readBoolean(body.stream, 'stream') ?? false };
  const maxTokens = readNumber(body.max_output_tokens, 'max_output_tokens');
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = readNumber(body.temperature, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(body.top_p, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const { tools, dropped } = parseTools(body.tools, warnings);
  if (tools.length > 0) request.tools = tools;
  const choice = parseToolChoice(body.tool_choice, dropped, warnings);
  if (choice !== undefined) request.toolChoice = choice;
  const parallel = readBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const responseFormat = parseTextFormat(body.text, warnings);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const user = readString(body.safety_identifier, 'safety_identifier') ?? readString(body.user, 'user');
  if (user !== undefined) request.user = user;
  if (isRecord(body.reasoning) && body.reasoning.effort !== undefined && body.reasoning.effort !== null) {
    warnings.push({
      code: 'dropped-field',
      field: 'reasoning',
      message: '`reasoning` settings have no equivalent on this target',
    });
  }
  for (const [field, value] of Object.entries(body)) {
    if (!handledFields.has(field) && field !== 'reasoning' && value !== null && value !== undefined) {
      warnings.push({ code: 'dropped-field', field, message: `\`${field}\` has no equivalent on this target` });
    }
  }
  return { request, warnings };
}
