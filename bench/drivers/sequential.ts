/** One request at a time over one keep-alive connection: the added-latency driver. */
import { Client } from 'undici';
import type { PreparedRequest } from '../payloads.ts';
import type { Samples } from '../stats.ts';

export type SequentialClient = {
  client: Client;
  close(): Promise<void>;
};

export function createSequentialClient(origin: string): SequentialClient {
  const client = new Client(origin, {
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  return { client, close: () => client.close() };
}

export type SequentialOutcome = {
  /** Requests that did not answer 200 or failed on the wire. */
  errors: number;
  /** The first problem seen, as evidence. */
  firstError: string | undefined;
  /** Time spent, wall clock. */
  elapsedMs: number;
};

/** Sends `count` requests one after the other; pushes each latency (ms, through the end of the body) into `out`. */
export async function runSequential(
  sequential: SequentialClient,
  request: PreparedRequest,
  count: number,
  out: Samples | undefined,
): Promise<SequentialOutcome> {
  let errors = 0;
  let firstError: string | undefined;
  const began = performance.now();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    try {
      const response = await sequential.client.request(request);
      if (response.statusCode !== 200) {
        const text = await response.body.text();
        errors++;
        firstError ??= `${response.statusCode} ${text.slice(0, 300)}`;
        continue;
      }
      await response.body.arrayBuffer();
      out?.push(performance.now() - start);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
  }
  return { errors, firstError, elapsedMs: performance.now() - began };
}
