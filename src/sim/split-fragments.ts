/** Length of a fragment in UTF-16 code units. */
const fragmentLength = 12;

/** Splits a JSON text into short fragments without separating a surrogate pair. */
export function splitFragments(text: string): string[] {
  const fragments: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + fragmentLength, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end += 1;
    fragments.push(text.slice(start, end));
    start = end;
  }
  return fragments;
}
