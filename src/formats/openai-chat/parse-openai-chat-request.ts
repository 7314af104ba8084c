import type { CanonicalRequest, TranslationWarning } from '../../core/canonical.ts';
import { invalidField, readBoolean, readNumber, readString } from './openai-chat-field-readers.ts';
import { parseOpenAIChatMessages } from './parse-openai-chat-messages.ts';
import {
  parseOpenAIChatResponseFormat,
  parseOpenAIChatToolChoice,
  parseOpenAIChatTools,
} from './parse-openai-chat-tools.ts';

/** A canonical request and what was lost on the way. */
export interface ParsedOpenAIChatRequest {
  /** The request in canonical form. */
  request: CanonicalRequest;
  /** Every dropped field or changed part, for `x-outlast-warnings`. */
  warnings: TranslationWarning[];
}

/**
 * Top-level fields read here. `stream_options` has no canonical home but is not lost: the caller passes
 * `include_usage` to the stream renderer. Every other non-null field is dropped with a `dropped-field` warning.
 */
const handledFields = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_completion_tokens',
  'max_tokens',
  'temperature',
  'top_p',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'user',
  'safety_identifier',
  'n',
]);

/**
 * Parses an OpenAI Chat Completions request into the canonical form. Untranslatable input (audio, `custom` tools,
 * legacy functions, `n` > 1, uploaded file ids) throws OUTLAST_INVALID_REQUEST naming the field in `param`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function parseOpenAIChatRequest(body: Record<string, unknown>): ParsedOpenAIChatRequest {
  const warnings: TranslationWarning[] = [];
  const model = readString(body.model, 'model');
  if (model === undefined) throw invalidField('model', 'is required');
  for (const legacy of ['functions', 'function_call']) {
    if (body[legacy] !== undefined && body[legacy] !== null) {
      throw invalidField(legacy, 'legacy functions are not translated; use `tools` and `tool_choice`');
    }
  }
  const choices = readNumber(body.n, 'n');
  if (choices !== undefined && choices !== 1) {
    throw invalidField('n', 'only one choice (n = 1) can be served by a translated target');
  }
  const { system, messages } = parseOpenAIChatMessages(body.messages, warnings);
  const request: CanonicalRequest = { model, system, messages, stream: readBoolean(body.stream, 'stream') ?? false };
  const maxTokens =
    readNumber(body.max_completion_tokens, 'max_completion_tokens') ?? readNumber(body.max_tokens, 'max_tokens');
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = readNumber(body.temperature, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = readNumber(body.top_p, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const stop = readStop(body.stop);
  if (stop !== undefined) request.stopSequences = stop;
  const tools = parseOpenAIChatTools(body.tools);
  const choice = parseOpenAIChatToolChoice(body.tool_choice, warnings);
  const allowed = choice?.allowedNames;
  if (tools !== undefined)
    request.tools = allowed === undefined ? tools : tools.filter((tool) => allowed.has(tool.name));
  if (choice !== undefined) request.toolChoice = choice.toolChoice;
  const parallel = readBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const responseFormat = parseOpenAIChatResponseFormat(body.response_format, warnings);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const user = readUser(body, warnings);
  if (user !== undefined) request.user = user;
  for (const [field, value] of Object.entries(body)) {
    if (!handledFields.has(field) && value !== null && value !== undefined) {
      warnings.push({ code: 'dropped-field', field, message: `\`${field}\` has no equivalent on this target` });
    }
  }
  return { request, warnings };
}

function readStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidField('stop', 'must be a string or an array of strings');
  }
  return value.length === 0 ? undefined : [...value];
}

/** `safety_identifier` replaces the deprecated `user`; when both differ, `user` is the one dropped. */
function readUser(body: Record<string, unknown>, warnings: TranslationWarning[]): string | undefined {
  const user = readString(body.user, 'user');
  const safetyIdentifier = readString(body.safety_identifier, 'safety_identifier');
  if (safetyIdentifier !== undefined && user !== undefined && user !== safetyIdentifier) {
    warnings.push({ code: 'dropped-field', field: 'user', message: '`safety_identifier` was kept instead of `user`' });
  }
  return safetyIdentifier ?? user;
}
