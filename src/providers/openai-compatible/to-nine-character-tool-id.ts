import { createHash } from 'node:crypto';

const validId = /^[A-Za-z0-9]{9}$/;
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A tool-call id of exactly 9 ASCII letters and digits (Mistral's rule). Valid ids, such as the ones Mistral itself
 * issues, are kept; any other id maps to the same 9 characters every time (a hash), so the ids of a conversation
 * stay paired across turns without any state. `salt` separates two ids that would collide in one request.
 * @see https://github.com/langchain-ai/langchain/pull/24668 (the error: "must be a-z, A-Z, 0-9, with a length of 9")
 */
export function toNineCharacterToolId(id: string, salt = 0): string {
  if (salt === 0 && validId.test(id)) return id;
  const digest = createHash('sha256')
    .update(salt === 0 ? id : `${salt}:${id}`)
    .digest();
  let result = '';
  for (let index = 0; index < 9; index++) result += alphabet[digest[index]! % alphabet.length];
  return result;
}
