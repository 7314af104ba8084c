import type { CanonicalRequest, ResponseFormat, ToolChoice, TranslationWarning } from '../../core/canonical.ts';
import { renderOpenAIChatMessages } from './openai-request-messages.ts';
import { toOpenAIToolName } from './openai-tool-names.ts';

/** Options of toOpenAIChatBody. */
export interface OpenAIChatBodyOptions {
  /** The upstream model name to send. */
  model: string;
}

/** An upstream body and what translating it cost. */
export interface OpenAIChatBody {
  /** The Chat Completions request body. */
  body: Record<string, unknown>;
  /** What was dropped or changed, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
  /** Maps a tool name the upstream answers with back to the client's (names are shortened for OpenAI's limits). */
  restoreToolName: (sent: string) => string;
}

/** OpenAI accepts at most this many stop sequences. */
const maxStopSequences = 4;

/**
 * Renders a canonical request as an OpenAI Chat Completions body (B4.1, A→O): `max_completion_tokens`, tools with
 * names OpenAI accepts, `stream_options.include_usage` always on when streaming (the only way to get stream usage).
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function toOpenAIChatBody(request: CanonicalRequest, options: OpenAIChatBodyOptions): OpenAIChatBody {
  const warnings: TranslationWarning[] = [];
  const restored = new Map<string, string>();
  const toolName = (name: string): string => {
    const sent = toOpenAIToolName(name);
    if (sent !== name) restored.set(sent, name);
    return sent;
  };
  const body: Record<string, unknown> = {
    model: options.model,
    messages: renderOpenAIChatMessages(request.system, request.messages, { toolName, warnings }),
  };
  if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) {
    warnings.push({ code: 'dropped-field', field: 'top_k', message: 'OpenAI has no top_k' });
  }
  const stop = request.stopSequences ?? [];
  if (stop.length > maxStopSequences) {
    warnings.push({
      code: 'truncated-stop-sequences',
      field: 'stop_sequences',
      message: `OpenAI takes at most ${maxStopSequences} stop sequences; the first ${maxStopSequences} were sent`,
    });
  }
  if (stop.length > 0) body.stop = stop.slice(0, maxStopSequences);
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map((tool) => {
      const fn: Record<string, unknown> = { name: toolName(tool.name) };
      if (tool.description !== undefined) fn.description = tool.description;
      fn.parameters = tool.inputSchema;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      return { type: 'function', function: fn };
    });
    // OpenAI rejects parallel_tool_calls without tools.
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.toolChoice !== undefined) body.tool_choice = renderToolChoice(request.toolChoice, toolName);
  if (request.responseFormat !== undefined) body.response_format = renderResponseFormat(request.responseFormat);
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return { body, warnings, restoreToolName: (sent) => restored.get(sent) ?? sent };
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function renderToolChoice(choice: ToolChoice, toolName: (name: string) => string): unknown {
  if (choice.type === 'tool') return { type: 'function', function: { name: toolName(choice.name) } };
  return choice.type;
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format */
function renderResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json-object') return { type: 'json_object' };
  const spec: Record<string, unknown> = { name: format.name, schema: format.schema };
  if (format.strict !== undefined) spec.strict = format.strict;
  return { type: 'json_schema', json_schema: spec };
}
