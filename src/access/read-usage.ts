/** Tokens of one answer, normalised across vendors. */
export interface TokenUsage {
  /** Input tokens billed at the input price (prompt-cache writes included, cache reads excluded). */
  inputTokens: number;
  /** Input tokens read from a prompt cache. */
  cachedInputTokens: number;
  /** Output tokens (reasoning included). */
  outputTokens: number;
}

const usageKey = '"usage"';
const geminiUsageKey = '"usageMetadata"';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function nested(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
}

/**
 * Normalises one vendor usage object: OpenAI Chat (`prompt_tokens` counting cached ones), OpenAI Responses
 * (`input_tokens` with `input_tokens_details`), Anthropic (`input_tokens` not counting cache reads) and Gemini
 * `usageMetadata`. Undefined when the object holds no token count.
 */
export function normalizeUsage(usage: Record<string, unknown>): TokenUsage | undefined {
  if ('prompt_tokens' in usage || 'completion_tokens' in usage) {
    const cached = count(nested(usage.prompt_tokens_details, 'cached_tokens'));
    return {
      inputTokens: Math.max(0, count(usage.prompt_tokens) - cached),
      cachedInputTokens: cached,
      outputTokens: count(usage.completion_tokens),
    };
  }
  if ('promptTokenCount' in usage || 'candidatesTokenCount' in usage) {
    const cached = count(usage.cachedContentTokenCount);
    return {
      inputTokens: Math.max(0, count(usage.promptTokenCount) - cached),
      cachedInputTokens: cached,
      outputTokens: count(usage.candidatesTokenCount) + count(usage.thoughtsTokenCount),
    };
  }
  if ('input_tokens' in usage || 'output_tokens' in usage) {
    if ('input_tokens_details' in usage) {
      const cached = count(nested(usage.input_tokens_details, 'cached_tokens'));
      return {
        inputTokens: Math.max(0, count(usage.input_tokens) - cached),
        cachedInputTokens: cached,
        outputTokens: count(usage.output_tokens),
      };
    }
    return {
      inputTokens: count(usage.input_tokens) + count(usage.cache_creation_input_tokens),
      cachedInputTokens: count(usage.cache_read_input_tokens),
      outputTokens: count(usage.output_tokens),
    };
  }
  return undefined;
}

/** Streams report usage in pieces (Anthropic: input in `message_start`, cumulative output in `message_delta`). */
export function mergeUsage(left: TokenUsage | undefined, right: TokenUsage | undefined): TokenUsage | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return {
    inputTokens: Math.max(left.inputTokens, right.inputTokens),
    cachedInputTokens: Math.max(left.cachedInputTokens, right.cachedInputTokens),
    outputTokens: Math.max(left.outputTokens, right.outputTokens),
  };
}

/** End (exclusive) of the JSON object starting at `start`, skipping strings; -1 when it does not end in `text`. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index += 1;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */) depth += 1;
    else if (char === 125 /* } */) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function usageAfter(text: string, keyEnd: number): TokenUsage | undefined {
  let index = keyEnd;
  while (index < text.length && (text[index] === ' ' || text[index] === ':' || text[index] === '\t')) index += 1;
  if (text[index] !== '{') return undefined;
  const end = objectEnd(text, index);
  if (end === -1) return undefined;
  try {
    return normalizeUsage(JSON.parse(text.slice(index, end)) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/**
 * Finds every `"usage"` (and Gemini `"usageMetadata"`) object in JSON or SSE text and merges them. Only the usage
 * objects are parsed, never the whole answer. A key inside a JSON string is escaped (`\"usage\"`) and never matches.
 */
export function findUsage(text: string): TokenUsage | undefined {
  let found: TokenUsage | undefined;
  for (const key of [usageKey, geminiUsageKey]) {
    let at = text.indexOf(key);
    while (at !== -1) {
      found = mergeUsage(found, usageAfter(text, at + key.length));
      at = text.indexOf(key, at + key.length);
    }
  }
  return found;
}

/** Bytes decoded after a usage key: a usage object is far smaller. */
const usageWindowBytes = 4096;

/**
 * `findUsage` for a whole JSON answer in a Buffer: the key is searched in the bytes and only a small window after
 * each hit is decoded, so a large answer (embeddings) is never copied into a string.
 */
export function findUsageInBuffer(body: Buffer): TokenUsage | undefined {
  let found: TokenUsage | undefined;
  for (const key of [usageKey, geminiUsageKey]) {
    let at = body.indexOf(key);
    while (at !== -1) {
      const window = body.toString('latin1', at, Math.min(body.length, at + usageWindowBytes));
      found = mergeUsage(found, usageAfter(window, key.length));
      at = body.indexOf(key, at + key.length);
    }
  }
  return found;
}

/** Largest incomplete SSE line kept between chunks; a longer one cannot hold a usage object worth the memory. */
const maxCarryChars = 1024 * 1024;

/** Reads usage from an SSE stream chunk by chunk, without keeping the stream: only an incomplete last line is held. */
export interface UsageScanner {
  /** Feeds the next chunk of the stream. */
  push(chunk: Buffer): void;
  /** The usage seen so far, merged. */
  usage(): TokenUsage | undefined;
}

/** Creates a scanner for one stream. Chunks are decoded as latin1 (byte for byte): usage objects are ASCII. */
export function createUsageScanner(): UsageScanner {
  let carry = '';
  let found: TokenUsage | undefined;
  return {
    push(chunk) {
      // Most chunks end on an event boundary and hold no usage: nothing to decode or keep.
      if (carry === '' && chunk.at(-1) === 10 && chunk.indexOf('"usage') === -1) return;
      const text = carry + chunk.toString('latin1');
      const lastNewline = text.lastIndexOf('\n');
      if (lastNewline === -1) {
        carry = text.length > maxCarryChars ? '' : text;
        return;
      }
      const complete = text.slice(0, lastNewline);
      if (complete.includes('"usage')) found = mergeUsage(found, findUsage(complete));
      const rest = text.slice(lastNewline + 1);
      carry = rest.length > maxCarryChars ? '' : rest;
    },
    usage() {
      return carry.includes('"usage') ? mergeUsage(found, findUsage(carry)) : found;
    },
  };
}
