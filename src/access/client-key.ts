import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Every client key starts with this, so secret scanners and people can recognise one. */
export const clientKeyPrefix = 'olk_';

/** Characters of a key shown in listings (`olk_` and 8 more): enough to tell keys apart, useless to an attacker. */
const shownChars = 12;

/** A new client key: `olk_` and 32 random bytes in base64url (256 bits of entropy). */
export function generateClientKey(): string {
  return `${clientKeyPrefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a key, hex. A fast unsalted hash is right here: the keys are 256-bit random secrets, so there is nothing
 * to brute-force or look up in a table (slow salted hashes protect low-entropy passwords), and it keeps the check
 * per request to a microsecond.
 */
export function hashClientKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key shown in listings. */
export function showClientKey(key: string): string {
  return key.slice(0, shownChars);
}

/** Compares two hex hashes in constant time. */
export function hashesMatch(left: string, right: string): boolean {
  const a = Buffer.from(left, 'hex');
  const b = Buffer.from(right, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * The client key of a request, as each vendor's SDK sends it: `Authorization: Bearer` (OpenAI, and Anthropic with
 * an auth token), `x-api-key` (Anthropic), `x-goog-api-key` or `?key=` (Gemini). Undefined when none is sent.
 */
export function readClientKey(headers: IncomingHttpHeaders, search: string): string | undefined {
  const authorization = headers.authorization;
  if (
    typeof authorization === 'string' &&
    authorization.length > 7 &&
    authorization.slice(0, 7).toLowerCase() === 'bearer '
  ) {
    return authorization.slice(7).trim();
  }
  const apiKey = headers['x-api-key'] ?? headers['x-goog-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  if (search.includes('key=')) {
    const key = new URLSearchParams(search).get('key');
    if (key !== null && key.length > 0) return key;
  }
  return undefined;
}
