import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in blocks: one `randomFillSync` per 400 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/**
 * A new request id: a UUIDv7 (RFC 9562 §5.7): the epoch milliseconds, then 74 random bits. Ids grow with time, so
 * the stores keyed by them (the response ledger's `resp_<id>`, the audit trail) append to the end of their
 * B-trees instead of writing pages all over them; they are as unique as v4 ids within a millisecond.
 */
export function createRequestId(nowMs: number = Date.now()): string {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0').slice(-12);
  const random = pool.toString('hex', offset, offset + 10);
  offset += 10;
  const variant = ((Number.parseInt(random[3]!, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}
