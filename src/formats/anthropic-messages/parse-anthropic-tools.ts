import type { CanonicalRequest, ToolChoice, ToolDefinition, TranslationWarning } from '../../core/canonical.ts';
import { dropUnknownFields, invalidField, isFields, requireString } from './anthropic-request-fields.ts';

/** The tool fields of a canonical request. */
export type ParsedAnthropicTools = Pick<CanonicalRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>;

function parseTool(value: unknown, path: string, warnings: TranslationWarning[]): ToolDefinition | undefined {
  if (!isFields(value)) throw invalidField(path, 'must be an object');
  // Custom tools have no `type` (or `custom`); server tools carry a versioned one such as `web_search_20250305`.
  if (value.type !== undefined && value.type !== null && value.type !== 'custom') {
    const message = `The server tool \`${String(value.type)}\` runs only at Anthropic; dropped.`;
    warnings.push({ code: 'dropped-server-tool', field: path, message });
    return undefined;
  }
  dropUnknownFields(value, ['type', 'name', 'description', 'input_schema', 'strict'], path, warnings);
  if (!isFields(value.input_schema)) throw invalidField(`${path}.input_schema`, 'must be an object');
  const tool: ToolDefinition = { name: requireString(value, 'name', path), inputSchema: value.input_schema };
  if (typeof value.description === 'string') tool.description = value.description;
  if (typeof value.strict === 'boolean') tool.strict = value.strict;
  return tool;
}

function parseToolChoice(value: Record<string, unknown>): ToolChoice {
  switch (value.type) {
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'none':
      return { type: 'none' };
    case 'tool':
      return { type: 'tool', name: requireString(value, 'name', 'tool_choice') };
    default:
      throw invalidField('tool_choice.type', 'must be "auto", "any", "tool" or "none"');
  }
}

/**
 * Reads `tools` and `tool_choice` (B1.2, B4.1): custom tools map exactly, server tools are dropped
 * (`dropped-server-tool`), `any` is `required`, `disable_parallel_tool_use` is the negation of `parallelToolCalls`.
 * @see https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use
 */
export function parseAnthropicTools(
  tools: unknown,
  toolChoice: unknown,
  warnings: TranslationWarning[],
): ParsedAnthropicTools {
  const parsed: ParsedAnthropicTools = {};
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw invalidField('tools', 'must be an array');
    const custom = tools.flatMap((tool: unknown, index) => parseTool(tool, `tools[${index}]`, warnings) ?? []);
    // An empty list is left out: OpenAI rejects `tools: []` and a tool_choice without tools.
    if (custom.length > 0) parsed.tools = custom;
  }
  if (toolChoice === undefined || toolChoice === null) return parsed;
  if (!isFields(toolChoice)) throw invalidField('tool_choice', 'must be an object');
  const choice = parseToolChoice(toolChoice);
  const forced = choice.type === 'required' || choice.type === 'tool';
  if (choice.type === 'tool' ? !parsed.tools?.some((tool) => tool.name === choice.name) : !parsed.tools) {
    // `auto` or `none` without tools means nothing; forcing a tool that is gone changes the request.
    if (forced) {
      const message = '`tool_choice` forces a tool that is not a custom tool of the request; dropped.';
      warnings.push({ code: 'dropped-field', field: 'tool_choice', message });
    }
    return parsed;
  }
  parsed.toolChoice = choice;
  if (typeof toolChoice.disable_parallel_tool_use === 'boolean') {
    parsed.parallelToolCalls = !toolChoice.disable_parallel_tool_use;
  }
  return parsed;
}
