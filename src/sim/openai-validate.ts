import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(param: string, message: string, code: string): SimError {
  return { status: 400, type: 'invalid_request_error', param, message, code };
}

function missing(param: string): SimError {
  return invalid(param, `Missing required parameter: '${param}'.`, 'missing_required_parameter');
}

function checkMessage(message: unknown, index: number): SimError | undefined {
  const at = `messages[${index}]`;
  if (!isObject(message)) return invalid(at, `Invalid type for '${at}': expected an object.`, 'invalid_type');
  if (message.role === undefined) return missing(`${at}.role`);
  if (typeof message.role !== 'string' || !roles.has(message.role)) {
    return invalid(
      `${at}.role`,
      `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.`,
      'invalid_value',
    );
  }
  const { content } = message;
  const optionalContent = message.role === 'assistant';
  if (content === undefined || content === null) return optionalContent ? undefined : missing(`${at}.content`);
  if (typeof content !== 'string' && !Array.isArray(content)) {
    return invalid(`${at}.content`, `Invalid type for '${at}.content': expected a string or an array.`, 'invalid_type');
  }
  if (message.role === 'tool' && typeof message.tool_call_id !== 'string') return missing(`${at}.tool_call_id`);
  return undefined;
}

function checkTokens(body: JsonObject, param: 'max_tokens' | 'max_completion_tokens'): SimError | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) {
    return invalid(param, `Invalid '${param}': expected an integer greater than or equal to 1.`, 'invalid_value');
  }
  return undefined;
}

function checkTools(tools: unknown): SimError | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return invalid('tools', "Invalid type for 'tools': expected an array.", 'invalid_type');
  for (let index = 0; index < tools.length; index++) {
    const tool = tools[index];
    const isFunction = isObject(tool) && tool.type === 'function';
    if (isFunction && !(isObject(tool.function) && typeof tool.function.name === 'string')) {
      return missing(`tools[${index}].function.name`);
    }
  }
  return undefined;
}

/**
 * Checks a Chat Completions body for the fields the simulator reads, naming the offending one in `param`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function validateOpenAiChat(body: unknown): SimError | undefined {
  if (!isObject(body)) return invalid('body', 'The request body must be a JSON object.', 'invalid_type');
  if (typeof body.model !== 'string' || body.model.length === 0) return missing('model');
  const { messages } = body;
  if (messages === undefined) return missing('messages');
  if (!Array.isArray(messages)) {
    return invalid('messages', "Invalid type for 'messages': expected an array.", 'invalid_type');
  }
  if (messages.length === 0) {
    return invalid(
      'messages',
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      'empty_array',
    );
  }
  for (let index = 0; index < messages.length; index++) {
    const problem = checkMessage(messages[index], index);
    if (problem !== undefined) return problem;
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return invalid(
      'stream_options',
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'invalid_value',
    );
  }
  return checkTokens(body, 'max_tokens') ?? checkTokens(body, 'max_completion_tokens') ?? checkTools(body.tools);
}
