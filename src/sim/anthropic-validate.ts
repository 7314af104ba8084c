import type { SimError } from './sim-error.ts';

type JsonObject = Record<string, unknown>;

/** `anthropic-version` values the simulator accepts. */
export const anthropicVersions: readonly string[] = ['2023-06-01', '2026-10-21'];

const samplingFields = ['temperature', 'top_p', 'top_k'] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): SimError {
  return { status: 400, type: 'invalid_request_error', message };
}

function checkBlocks(blocks: unknown[], where: string): SimError | undefined {
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    const at = `${where}.${index}`;
    if (!isObject(block)) return invalid(`${at}: Input should be a valid dictionary`);
    if (typeof block.type !== 'string') return invalid(`${at}.type: Field required`);
    if (block.type === 'text' && (typeof block.text !== 'string' || block.text.length === 0)) {
      return invalid(`${at}.text: text content blocks must be non-empty`);
    }
  }
  return undefined;
}

function checkMessages(messages: unknown): SimError | undefined {
  if (messages === undefined) return invalid('messages: Field required');
  if (!Array.isArray(messages)) return invalid('messages: Input should be a valid list');
  if (messages.length === 0) return invalid('messages: at least one message is required');
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    const at = `messages.${index}`;
    if (!isObject(message)) return invalid(`${at}: Input should be a valid dictionary`);
    if (message.role !== 'user' && message.role !== 'assistant') {
      return invalid(`${at}.role: Input should be 'user' or 'assistant'`);
    }
    const { content } = message;
    if (content === undefined) return invalid(`${at}.content: Field required`);
    if (Array.isArray(content)) {
      const problem = checkBlocks(content, `${at}.content`);
      if (problem !== undefined) return problem;
    } else if (typeof content !== 'string') {
      return invalid(`${at}.content: Input should be a valid string or a list of content blocks`);
    }
  }
  return undefined;
}

function checkTools(tools: unknown): SimError | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return invalid('tools: Input should be a valid list');
  for (let index = 0; index < tools.length; index++) {
    const tool = tools[index];
    if (!isObject(tool) || typeof tool.name !== 'string') return invalid(`tools.${index}.name: Field required`);
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && !isObject(tool.input_schema)) return invalid(`tools.${index}.input_schema: Field required`);
  }
  return undefined;
}

function checkSampling(body: JsonObject, version: string): SimError | undefined {
  for (const field of samplingFields) {
    if (body[field] === undefined) continue;
    if (version === '2026-10-21') return invalid(`${field}: Extra inputs are not permitted`);
    if (typeof body[field] !== 'number') return invalid(`${field}: Input should be a valid number`);
  }
  return undefined;
}

/** Options of Anthropic request validation. */
export interface AnthropicValidationOptions {
  /** The request's `anthropic-version`. */
  version: string;
  /** True for `/v1/messages/count_tokens`, which takes no `max_tokens`. */
  countTokens: boolean;
}

/**
 * Checks a Messages (or count_tokens) body the way the API does and names the offending field, or returns undefined.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function validateAnthropicRequest(body: unknown, options: AnthropicValidationOptions): SimError | undefined {
  if (!isObject(body)) return invalid('request body: Input should be a valid dictionary');
  if (body.model === undefined) return invalid('model: Field required');
  if (typeof body.model !== 'string' || body.model.length === 0)
    return invalid('model: Input should be a valid string');
  if (!options.countTokens) {
    if (body.max_tokens === undefined) return invalid('max_tokens: Field required');
    if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 0) {
      return invalid('max_tokens: Input should be a valid non-negative integer');
    }
    if (body.stream !== undefined && typeof body.stream !== 'boolean') {
      return invalid('stream: Input should be a valid boolean');
    }
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) {
    return invalid('system: Input should be a valid string or a list of text blocks');
  }
  return checkMessages(body.messages) ?? checkTools(body.tools) ?? checkSampling(body, options.version);
}
