/**
 * Closed-loop load in Node (the fallback when wrk is absent): `concurrency` workers, each sending
 * its next request as soon as the previous answer is read, over a pool of as many connections.
 */
import { Pool } from 'undici';
import type { PreparedRequest } from '../payloads.ts';
import { percentile, Samples, sortAscending } from '../stats.ts';

export type LoadWindow = {
  /** Successful (200) responses in the window. */
  requests: number;
  errors: number;
  firstError: string | undefined;
  durationMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
};

export async function runClosedLoop(options: {
  origin: string;
  request: PreparedRequest;
  concurrency: number;
  durationMs: number;
}): Promise<LoadWindow> {
  const pool = new Pool(options.origin, {
    connections: options.concurrency,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const latencies = new Samples();
  let errors = 0;
  let firstError: string | undefined;
  const began = performance.now();
  const deadline = began + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const start = performance.now();
      try {
        const response = await pool.request(options.request);
        if (response.statusCode === 200) {
          await response.body.arrayBuffer();
          latencies.push(performance.now() - start);
        } else {
          errors++;
          const text = await response.body.text();
          firstError ??= `${response.statusCode} ${text.slice(0, 300)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < options.concurrency; i++) workers.push(worker());
  await Promise.all(workers);
  const durationMs = performance.now() - began;
  await pool.close();
  const sorted = sortAscending(latencies.toArray());
  return {
    requests: sorted.length,
    errors,
    firstError,
    durationMs,
    rps: (sorted.length / durationMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}
