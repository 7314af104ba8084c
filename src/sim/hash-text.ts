/**
 * FNV-1a 32-bit hash of a string's UTF-16 code units, finished with murmur3's avalanche step so that every output bit
 * depends on every input bit (plain FNV-1a's low bits depend only on the inputs' low bits). Stable across runs.
 */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
