import { randomBytes } from 'node:crypto';

/** Length of the per-response unique part of every id the simulator hands out. */
export const idSuffixLength = 24;

/** Placeholder for the unique part of ids in cached bodies; replaced per response. */
export const idSlot = 'SIMxIDxSLOTxSIMxIDxSLOTx';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const processPart = Array.from(randomBytes(12), (byte) => alphabet[byte % alphabet.length]).join('');
let counter = 0;

/** A new unique id suffix (`idSuffixLength` characters): random per process, then a counter. */
export function createIdSuffix(): string {
  counter += 1;
  return processPart + counter.toString(36).padStart(12, '0');
}
