import { randomBytes } from 'node:crypto';

/** A new id with the given prefix (`resp`, `msg`, `fc`, `rs`), 24 random hex-free characters after it. */
export function createResponsesId(prefix: string): string {
  return `${prefix}_${randomBytes(18).toString('base64url')}`;
}
