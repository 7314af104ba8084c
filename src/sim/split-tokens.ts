import { isSpace } from './is-space.ts';

/** Splits a text into tokens of one word each, leading whitespace attached, so that joining them gives the text back. */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const space = isSpace(text.charCodeAt(index));
    if (space && inWord) {
      tokens.push(text.slice(start, index));
      start = index;
      inWord = false;
    } else if (!space) {
      inWord = true;
    }
  }
  if (start < text.length) {
    if (inWord || tokens.length === 0) tokens.push(text.slice(start));
    else tokens[tokens.length - 1] += text.slice(start);
  }
  return tokens;
}
