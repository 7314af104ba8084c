import { randomBytes } from 'node:crypto';

/** Random per process; item ids add a counter to it (ids must be unique, and a random call per item costs). */
const processPart = randomBytes(12).toString('base64url');
let counter = 0;

/**
 * A new item id with the given prefix (`msg`, `fc`, `rs`): unique in the process and across processes, 16 random
 * characters then a counter. Response ids (`resp_`) come from the request id instead (they must survive a failover).
 */
export function createResponsesId(prefix: string): string {
  counter += 1;
  return `${prefix}_${processPart}${counter.toString(36).padStart(8, '0')}`;
}
