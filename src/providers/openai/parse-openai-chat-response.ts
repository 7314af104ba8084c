import type { CanonicalResult } from '../../core/canonical.ts';
import { OutlastError } from '../../errors/outlast-error.ts';
import {
  isRecord,
  readOpenAIChatFinishReason,
  readOpenAIChatUsage,
  synthesizeToolCallId,
} from './read-openai-chat-fields.ts';

/** Options of the OpenAI answer parsers. */
export interface OpenAIChatParseOptions {
  /** Maps a tool name the upstream used back to the client's (from toOpenAIChatBody). */
  restoreToolName?: ((sent: string) => string) | undefined;
}

/**
 * Parses a `chat.completion` body (choice 0 only) into a canonical result: non-standard `reasoning_content` →
 * reasoning, `content` → text, `refusal` → text with finish `refusal`, `tool_calls` → tool calls (arguments parsed;
 * invalid → `{}`), finish and usage per B4.2. A body that is not a completion throws OUTLAST_UPSTREAM_FAILED.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function parseOpenAIChatResponse(body: unknown, options: OpenAIChatParseOptions = {}): CanonicalResult {
  if (isRecord(body) && isRecord(body.error)) {
    const message = typeof body.error.message === 'string' ? body.error.message : 'unknown error';
    throw new OutlastError('OUTLAST_UPSTREAM_FAILED', `The upstream answered with an error: ${message}`);
  }
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    throw new OutlastError('OUTLAST_UPSTREAM_FAILED', 'The upstream answer is not a chat completion (no `choices`)');
  }
  const choices: unknown[] = body.choices;
  const choice = choices.find((item) => isRecord(item) && (item.index ?? 0) === 0);
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
  const id = typeof body.id === 'string' ? body.id : '';
  const restore = options.restoreToolName ?? ((sent: string) => sent);
  const result: CanonicalResult = {
    id,
    model: typeof body.model === 'string' ? body.model : '',
    content: [],
    finishReason: readOpenAIChatFinishReason(isRecord(choice) ? choice.finish_reason : undefined),
    usage: readOpenAIChatUsage(body.usage),
  };
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    result.content.push({ type: 'reasoning', text: message.reasoning_content });
  }
  const text = readText(message.content);
  if (text !== '') result.content.push({ type: 'text', text });
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    result.content.push({ type: 'text', text: message.refusal });
    result.finishReason = 'refusal';
  }
  const calls: unknown[] = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((call, index) => {
    if (!isRecord(call) || (call.type !== undefined && call.type !== 'function') || !isRecord(call.function)) return;
    const name = typeof call.function.name === 'string' ? call.function.name : '';
    result.content.push({
      type: 'tool-call',
      id: typeof call.id === 'string' && call.id !== '' ? call.id : synthesizeToolCallId(id, index),
      name: restore(name),
      input: parseArguments(call.function.arguments),
    });
  });
  return result;
}

/** `content` is a string; some compatible providers send text parts. */
function readText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The argument string → an object; empty, invalid or non-object JSON → `{}`. */
function parseArguments(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
