const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(raw: Buffer, index: number): number {
  let at = index;
  while (isSpace(raw[at])) at++;
  return at;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function closingQuote(raw: Buffer, open: number): number {
  let end = raw.indexOf(QUOTE, open + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (raw[end - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = raw.indexOf(QUOTE, end + 1);
  }
  return -1;
}

/**
 * Where the string value of the top-level `key` of a JSON object sits in its bytes, quotes included: [start, end).
 * The last occurrence wins, as with `JSON.parse`. Undefined when the text is no object, the key is absent or spelled
 * with escapes, or its last value is not a string. One pass, strings skipped with indexOf: it lets the gateway put
 * another model name into a body without serializing the whole body again.
 */
export function findTopLevelString(raw: Buffer, key: string): { start: number; end: number } | undefined {
  let index = skipSpace(raw, 0);
  if (raw[index] !== OPEN_BRACE) return undefined;
  let depth = 1;
  let expectKey = true;
  let found: { start: number; end: number } | undefined;
  for (index += 1; index < raw.length; index++) {
    const byte = raw[index]!;
    if (byte === QUOTE) {
      const end = closingQuote(raw, index);
      if (end === -1) return undefined;
      if (depth === 1 && expectKey) {
        // A key spelled with escapes might be `key` after all: no place can be trusted then.
        const slash = raw.indexOf(BACKSLASH, index + 1);
        if (slash !== -1 && slash < end) return undefined;
        const matches = end - index - 1 === key.length && raw.toString('latin1', index + 1, end) === key;
        const colon = skipSpace(raw, end + 1);
        if (raw[colon] !== COLON) return undefined;
        expectKey = false;
        index = colon;
        if (!matches) continue;
        const start = skipSpace(raw, colon + 1);
        if (raw[start] !== QUOTE) {
          found = undefined;
          continue;
        }
        const close = closingQuote(raw, start);
        if (close === -1) return undefined;
        found = { start, end: close + 1 };
        index = close;
        continue;
      }
      index = end;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return found;
    } else if (byte === COMMA && depth === 1) {
      expectKey = true;
    }
  }
  return undefined;
}

/** `raw` with the top-level string `key` set to `value`; undefined when findTopLevelString finds no place for it. */
export function replaceTopLevelString(raw: Buffer, key: string, value: string): Buffer | undefined {
  const at = findTopLevelString(raw, key);
  if (at === undefined) return undefined;
  return Buffer.concat([raw.subarray(0, at.start), Buffer.from(JSON.stringify(value)), raw.subarray(at.end)]);
}
