import { isObject } from './content-text.ts';
import type { SimError } from './sim-error.ts';

function invalid(param: string, message: string, code: string): SimError {
  return { status: 400, type: 'invalid_request_error', param, message, code };
}

const itemTypes = new Set([
  'message',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'reasoning',
  'item_reference',
]);

/**
 * Checks what the Responses API itself rejects among the fields the simulator reads. The simulator keeps no state, so
 * a `previous_response_id` is always unknown to it (as to any target that did not create that response).
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function validateOpenAiResponses(body: unknown): SimError | undefined {
  if (!isObject(body)) return invalid('', 'The body must be a JSON object.', 'invalid_type');
  if (typeof body.model !== 'string')
    return invalid('model', "Missing required parameter: 'model'.", 'missing_required_parameter');
  if (typeof body.previous_response_id === 'string') {
    return invalid(
      'previous_response_id',
      `Previous response with id '${body.previous_response_id}' not found.`,
      'previous_response_not_found',
    );
  }
  const { input } = body;
  if (typeof input !== 'string' && !Array.isArray(input)) {
    return invalid('input', "Invalid type for 'input': expected a string or an array.", 'invalid_type');
  }
  if (Array.isArray(input)) {
    for (let index = 0; index < input.length; index++) {
      const item = input[index];
      const at = `input[${index}]`;
      if (!isObject(item)) return invalid(at, `Invalid type for '${at}': expected an object.`, 'invalid_type');
      const type = item.type ?? 'message';
      if (typeof type !== 'string' || !itemTypes.has(type)) {
        return invalid(`${at}.type`, `Invalid value: '${String(type)}'.`, 'invalid_value');
      }
      if (type === 'item_reference')
        return invalid(at, `Item with id '${String(item.id)}' not found.`, 'invalid_value');
      if ((type === 'function_call_output' || type === 'custom_tool_call_output') && typeof item.call_id !== 'string') {
        return invalid(`${at}.call_id`, `Missing required parameter: '${at}.call_id'.`, 'missing_required_parameter');
      }
    }
  }
  if (body.tools !== undefined && !Array.isArray(body.tools)) {
    return invalid('tools', "Invalid type for 'tools': expected an array.", 'invalid_type');
  }
  if (Array.isArray(body.tools)) {
    for (let index = 0; index < body.tools.length; index++) {
      const tool = body.tools[index];
      if (isObject(tool) && tool.type === 'function' && typeof tool.name !== 'string') {
        return invalid(
          `tools[${index}].name`,
          `Missing required parameter: 'tools[${index}].name'.`,
          'missing_required_parameter',
        );
      }
    }
  }
  const max = body.max_output_tokens;
  if (max !== undefined && max !== null && (!Number.isInteger(max) || (max as number) < 16)) {
    return invalid(
      'max_output_tokens',
      "Invalid 'max_output_tokens': integer below minimum value 16.",
      'integer_below_min_value',
    );
  }
  return undefined;
}
