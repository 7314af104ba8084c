const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Scans JSON text for its nesting depth without parsing it, stopping as soon as `limit` is exceeded; returns the
 * deepest level seen (at most `limit + 1`). One pass over the bytes, no allocation: it runs before `JSON.parse`, since
 * a 10,000-deep body parses but blows the stack of every recursive walk after it (stringify, translation).
 */
export function measureJsonDepth(raw: Buffer, limit: number): number {
  let depth = 0;
  let deepest = 0;
  const length = raw.length;
  for (let index = 0; index < length; index++) {
    const byte = raw[index]!;
    if (byte === QUOTE) {
      // Jump to the closing quote with indexOf (memchr speed: most bytes of a prompt are inside strings); a quote
      // preceded by an odd number of backslashes is escaped.
      let end = raw.indexOf(QUOTE, index + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (raw[end - 1 - backslashes] === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        end = raw.indexOf(QUOTE, end + 1);
      }
      if (end === -1) return deepest;
      index = end;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}
