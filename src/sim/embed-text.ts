import { hashText } from './hash-text.ts';

/** Lower-cases a text and collapses whitespace runs to one space, padded with a space at both ends. */
function normalise(text: string): string {
  let out = ' ';
  let space = true;
  for (const char of text.toLowerCase()) {
    const blank = char.trim() === '';
    if (blank) {
      if (!space) out += ' ';
      space = true;
    } else {
      out += char;
      space = false;
    }
  }
  return space ? out : `${out} `;
}

/**
 * A deterministic unit vector for a text: its character trigrams hashed into `dimensions` buckets with signed,
 * sublinear counts (the feature-hashing trick), then L2-normalised. Texts sharing most trigrams have a cosine similarity near 1;
 * texts sharing none are near 0.
 */
export function embedText(text: string, dimensions: number): Float32Array {
  const counts = new Map<string, number>();
  const chars = Array.from(normalise(text));
  for (let index = 0; index + 3 <= chars.length; index++) {
    const trigram = chars[index]! + chars[index + 1]! + chars[index + 2]!;
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  const vector = new Float32Array(dimensions);
  for (const [trigram, count] of counts) {
    const hash = hashText(trigram);
    const sign = hash >>> 31 === 0 ? 1 : -1;
    vector[(hash & 0x7fffffff) % dimensions]! += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < dimensions; index++) vector[index]! *= scale;
  return vector;
}
