import type { TranslationWarning } from '../../core/canonical.ts';
import type { ChatQuirks } from './chat-quirks.ts';
import { toNineCharacterToolId } from './to-nine-character-tool-id.ts';

/** A Chat Completions body rewritten for a server's quirks, and what was lost on the way. */
export interface QuirksResult {
  /** The body to send (a new object; the input is never mutated). */
  body: Record<string, unknown>;
  /** Losses, for `x-outlast-warnings`; lossless renames are not reported. */
  warnings: TranslationWarning[];
}

type Message = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dropped(field: string, why: string): TranslationWarning {
  return { code: 'dropped-field', field, message: `${field} dropped: ${why}` };
}

/** Maps every tool-call id of the request to one the server accepts, distinct ids staying distinct. */
function createToolIdMapper(rule: ChatQuirks['toolCallIds']): ((id: unknown) => unknown) | undefined {
  if (rule === 'any') return undefined;
  const mapped = new Map<string, string>();
  const taken = new Map<string, string>();
  return (id) => {
    if (typeof id !== 'string') return id;
    const known = mapped.get(id);
    if (known !== undefined) return known;
    let salt = 0;
    let candidate = toNineCharacterToolId(id);
    while (taken.has(candidate) && taken.get(candidate) !== id) candidate = toNineCharacterToolId(id, ++salt);
    mapped.set(id, candidate);
    taken.set(candidate, id);
    return candidate;
  };
}

function rewriteContent(
  content: unknown,
  path: string,
  warnings: TranslationWarning[],
): { content: unknown; changed: boolean } {
  if (!Array.isArray(content)) return { content, changed: false };
  const kept = content.filter((part, index) => {
    if (!isRecord(part) || part.type !== 'image_url') return true;
    warnings.push({
      code: 'dropped-image',
      field: `${path}.content[${index}]`,
      message: 'image dropped: the target serves text-only models',
    });
    return false;
  });
  return kept.length === content.length ? { content, changed: false } : { content: kept, changed: true };
}

function rewriteMessage(
  message: Message,
  index: number,
  quirks: ChatQuirks,
  mapId: ((id: unknown) => unknown) | undefined,
  warnings: TranslationWarning[],
): Message {
  let out = message;
  const edit = () => {
    if (out === message) out = { ...message };
    return out;
  };
  const path = `messages[${index}]`;
  if (quirks.developerAsSystem && message.role === 'developer') edit().role = 'system';
  if (quirks.rejectsMessageName && message.name !== undefined) {
    delete edit().name;
    warnings.push(dropped(`${path}.name`, 'the target rejects message names'));
  }
  if (quirks.textOnly) {
    const rewritten = rewriteContent(message.content, path, warnings);
    if (rewritten.changed) edit().content = rewritten.content;
  }
  if (mapId !== undefined) {
    if (message.tool_call_id !== undefined) {
      const id = mapId(message.tool_call_id);
      if (id !== message.tool_call_id) edit().tool_call_id = id;
    }
    if (Array.isArray(message.tool_calls)) {
      let changed = false;
      const calls = message.tool_calls.map((call: unknown) => {
        if (!isRecord(call)) return call;
        const id = mapId(call.id);
        if (id === call.id) return call;
        changed = true;
        return { ...call, id };
      });
      if (changed) edit().tool_calls = calls;
    }
  }
  return out;
}

/**
 * Rewrites a Chat Completions body for a server's quirks (renamed fields, rejected fields dropped with a warning,
 * `developer` as `system`, images dropped for text-only servers, tool-call ids mapped to the server's rule).
 * Returns undefined when no quirk applies, so the caller can send the client's bytes untouched.
 */
export function applyChatQuirks(body: Readonly<Record<string, unknown>>, quirks: ChatQuirks): QuirksResult | undefined {
  const warnings: TranslationWarning[] = [];
  let out: Record<string, unknown> | undefined;
  const edit = () => {
    out ??= { ...body };
    return out;
  };
  if (quirks.maxTokensOnly && body.max_completion_tokens !== undefined) {
    const next = edit();
    if (body.max_completion_tokens !== null) next.max_tokens = body.max_completion_tokens;
    delete next.max_completion_tokens;
  }
  if (quirks.seedField !== undefined && body.seed !== undefined) {
    const next = edit();
    if (body.seed !== null) next[quirks.seedField] = body.seed;
    delete next.seed;
  }
  if (quirks.singleChoice && body.n !== undefined && body.n !== null && body.n !== 1) {
    delete edit().n;
    warnings.push(dropped('n', 'the target returns one choice only'));
  }
  const format = isRecord(body.response_format) ? body.response_format.type : undefined;
  if (typeof format === 'string' && (quirks.rejectedResponseFormats as readonly string[]).includes(format)) {
    delete edit().response_format;
    warnings.push(dropped('response_format', `the target does not support ${format}`));
  }
  const current = () => out ?? body;
  for (const field of quirks.rejectedFields) {
    if (current()[field] === undefined) continue;
    const value = current()[field];
    delete edit()[field];
    if (value !== null) warnings.push(dropped(field, 'the target rejects it'));
  }
  if (quirks.acceptedFields !== undefined) {
    for (const field of Object.keys(current())) {
      if (quirks.acceptedFields.includes(field)) continue;
      const value = current()[field];
      delete edit()[field];
      if (value !== null) warnings.push(dropped(field, 'the target forbids fields it does not know'));
    }
  }
  const needsMessages =
    quirks.developerAsSystem || quirks.rejectsMessageName || quirks.textOnly || quirks.toolCallIds !== 'any';
  if (needsMessages && Array.isArray(body.messages)) {
    const mapId = createToolIdMapper(quirks.toolCallIds);
    let changed = false;
    const messages = body.messages.map((message: unknown, index) => {
      if (!isRecord(message)) return message;
      const rewritten = rewriteMessage(message, index, quirks, mapId, warnings);
      if (rewritten !== message) changed = true;
      return rewritten;
    });
    if (changed) edit().messages = messages;
  }
  return out === undefined ? undefined : { body: out, warnings };
}
