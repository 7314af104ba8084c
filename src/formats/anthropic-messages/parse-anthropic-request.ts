import type { CanonicalRequest, ResponseFormat, TranslationWarning } from '../../core/canonical.ts';
import { dropUnknownFields, type Fields, invalidField, isFields } from './anthropic-request-fields.ts';
import { parseAnthropicMessages, parseAnthropicSystem } from './parse-anthropic-messages.ts';
import { parseAnthropicTools } from './parse-anthropic-tools.ts';

/** A request in canonical form with what the translation lost. */
export interface ParsedAnthropicRequest {
  /** The canonical request. */
  request: CanonicalRequest;
  /** Every loss or change, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

const translatedFields = [
  'model',
  'messages',
  'system',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'tools',
  'tool_choice',
  'output_config',
] as const;

function optionalNumber(body: Fields, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(key, 'must be a number');
  return value;
}

function parseStopSequences(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidField('stop_sequences', 'must be an array of strings');
  }
  return value;
}

function parseOutputConfig(value: unknown, warnings: TranslationWarning[]): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isFields(value)) throw invalidField('output_config', 'must be an object');
  dropUnknownFields(value, ['format'], 'output_config', warnings);
  const format = value.format;
  if (format === undefined || format === null) return undefined;
  if (!isFields(format) || format.type !== 'json_schema' || !isFields(format.schema)) {
    throw invalidField('output_config.format', 'must be {"type": "json_schema", "schema": {...}}');
  }
  // Anthropic schemas carry no name; OpenAI requires one.
  return { type: 'json-schema', name: 'response', schema: format.schema };
}

function parseUser(value: unknown, warnings: TranslationWarning[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isFields(value)) throw invalidField('metadata', 'must be an object');
  dropUnknownFields(value, ['user_id'], 'metadata', warnings);
  return typeof value.user_id === 'string' ? value.user_id : undefined;
}

/**
 * Reads an Anthropic Messages request body into canonical form (B1.2, B4.1). Fields with no canonical home are dropped
 * with a `dropped-field` warning naming them (`cache_control` silently); input that cannot be translated (a Files API
 * source, a malformed block) throws OUTLAST_INVALID_REQUEST naming the field.
 * @see https://platform.claude.com/docs/en/api/messages
 */
export function parseAnthropicRequest(body: Record<string, unknown>): ParsedAnthropicRequest {
  const warnings: TranslationWarning[] = [];
  if (typeof body.model !== 'string') throw invalidField('model', 'must be a string');
  const system = parseAnthropicSystem(body.system, warnings);
  const conversation = parseAnthropicMessages(body.messages, warnings);
  const request: CanonicalRequest = {
    model: body.model,
    system: [...system, ...conversation.system],
    messages: conversation.messages,
    stream: body.stream === true,
  };
  const maxTokens = optionalNumber(body, 'max_tokens');
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = optionalNumber(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const topK = optionalNumber(body, 'top_k');
  if (topK !== undefined) request.topK = topK;
  const stopSequences = parseStopSequences(body.stop_sequences);
  if (stopSequences !== undefined) request.stopSequences = stopSequences;
  Object.assign(request, parseAnthropicTools(body.tools, body.tool_choice, warnings));
  const responseFormat = parseOutputConfig(body.output_config, warnings);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const user = parseUser(body.metadata, warnings);
  if (user !== undefined) request.user = user;
  dropUnknownFields(body, translatedFields, '', warnings);
  return { request, warnings };
}
