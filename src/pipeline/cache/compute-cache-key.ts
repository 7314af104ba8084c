import { hash } from 'node:crypto';
import type { CanonicalMessage, CanonicalRequest } from '../../core/canonical.ts';
import type { WireFormat } from '../../core/provider-adapter.ts';
import { parseAnthropicRequest } from '../../formats/anthropic-messages/parse-anthropic-request.ts';
import { parseOpenAIChatRequest } from '../../formats/openai-chat/parse-openai-chat-request.ts';
import { stableJson } from './stable-json.ts';

/** A request reduced to what decides its answer. */
export interface CacheKeyed {
  /** Hex SHA-256 of the normalized request: the exact cache key. */
  key: string;
  /** Hex SHA-256 of the normalized request without the text of its last user turn (semantic cache context). */
  contextHash: string;
  /** The text of the last user turn, normalized (lower case, single spaces); '' when the last turn is not text. */
  lastUserText: string;
  /** The canonical request. */
  request: CanonicalRequest;
  /** Body fields outside the canonical form that still change the answer (e.g. `seed`, `thinking`). */
  extras: Record<string, unknown>;
}

/** Fields of each format that the canonical form already holds (or that never change the answer). */
const coveredFields: Record<WireFormat, ReadonlySet<string>> = {
  // Gemini and Responses requests are not cached yet (the cache layer passes them through).
  gemini: new Set(),
  openai: new Set([
    'model',
    'messages',
    'max_completion_tokens',
    'max_tokens',
    'temperature',
    'top_p',
    'stop',
    'tools',
    'tool_choice',
    'parallel_tool_calls',
    'response_format',
    'n',
  ]),
  anthropic: new Set([
    'model',
    'messages',
    'system',
    'max_tokens',
    'temperature',
    'top_p',
    'top_k',
    'stop_sequences',
    'tools',
    'tool_choice',
    'output_config',
  ]),
};

/** Fields that never change the answer: who asks, how it is delivered, bookkeeping. */
const irrelevantFields: ReadonlySet<string> = new Set([
  'stream',
  'stream_options',
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'service_tier',
  'prompt_cache_key',
]);

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

function normalizeText(text: string): string {
  return text.toLowerCase().split(/\s+/u).filter(Boolean).join(' ');
}

/** The text of the last message when it is a user turn, else ''. */
function lastUserTurn(messages: readonly CanonicalMessage[]): string {
  const last = messages.at(-1);
  if (last === undefined || last.role !== 'user') return '';
  let text = '';
  for (const part of last.content) {
    if (part.type !== 'text') return '';
    text += `${part.text}\n`;
  }
  return text;
}

/**
 * Parses a chat or messages body into the canonical form and hashes what decides the answer: the namespace (route
 * name, later tenant too), system, messages, tools, tool choice, sampling and length parameters, structured output,
 * and any other body field (e.g. `seed`) except those that never change an answer (`stream`, `user`, `metadata`,
 * ...). The model is the namespace's, so an OpenAI and an Anthropic client asking the same route the same thing share
 * one key. Throws OutlastError when the body cannot be put in canonical form (the caller then bypasses the cache).
 */
export function computeCacheKey(options: {
  format: WireFormat;
  body: Record<string, unknown>;
  namespace: string;
}): CacheKeyed {
  const { format, body } = options;
  const parsed = format === 'anthropic' ? parseAnthropicRequest(body) : parseOpenAIChatRequest(body);
  const request = parsed.request;
  const extras: Record<string, unknown> = {};
  const covered = coveredFields[format];
  for (const field of Object.keys(body)) {
    const value = body[field];
    if (value === null || value === undefined || covered.has(field) || irrelevantFields.has(field)) continue;
    extras[field] = value;
  }
  const normalized = {
    namespace: options.namespace,
    system: request.system,
    messages: request.messages,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stopSequences: request.stopSequences,
    tools: request.tools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    responseFormat: request.responseFormat,
    extras,
  };
  const key = sha256(`outlast-cache-v1\n${stableJson(normalized)}`);
  const lastText = lastUserTurn(request.messages);
  const context = { ...normalized, messages: lastText === '' ? request.messages : request.messages.slice(0, -1) };
  return {
    key,
    contextHash: sha256(`outlast-context-v1\n${stableJson(context)}`),
    lastUserText: normalizeText(lastText),
    request,
    extras,
  };
}
