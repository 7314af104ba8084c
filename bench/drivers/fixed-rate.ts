/**
 * Open-loop driver at a fixed rate: request i leaves at start + i / rate whatever happened to the
 * ones before it (a slow or failing gateway does not slow the clients down, as in production).
 * Every request is recorded: when it left (epoch ms, comparable with the mocks' hit logs and the
 * gateway's clock), how long it took to the last byte, its status, which upstream answered and
 * whether the body was whole. Bounded: at most `maxInFlight` requests open at once (a request due
 * while the cap is reached is not sent and counted as `skipped`), each cut after `timeoutMs`.
 */
import { Pool } from 'undici';
import { tokenMarker } from '../mock-bodies.ts';
import { epochMs } from '../mock-upstream.ts';
import type { PreparedRequest } from '../payloads.ts';

export type FixedRateRecord = {
  /** Epoch ms at which the request was handed to the socket. */
  startMs: number;
  /** To the last byte of the answer, or to the failure, ms. */
  latencyMs: number;
  /** HTTP status; 0 when the request failed on the wire. */
  status: number;
  /** The upstream that answered (`x-mock-name`, else the gateway's own header), if known. */
  upstream: string | undefined;
  /** Upstream attempts the gateway reports (`x-outlast-attempts`), if it does. */
  attempts: number | undefined;
  /** Status 200 and, for a stream, a body that ends with `[DONE]` and holds no error event. */
  ok: boolean;
  /** What went wrong when not ok: status and the start of the body, or the wire error. */
  error: string | undefined;
  /** For a stream that is not ok: the last bytes received (evidence). */
  tail: string | undefined;
  /**
   * A stream whose body holds the mock's first token twice: the gateway spliced a second upstream's answer onto a
   * broken one (Outlast's `mid_stream: continue`), so the answer is partly the next target's.
   */
  spliced: boolean;
};

export type FixedRateOptions = {
  origin: string;
  request: PreparedRequest;
  ratePerS: number;
  /** The requests are streams: `ok` also needs `[DONE]` and no in-band error. */
  stream: boolean;
  /** Per request, to the response headers and between body chunks. */
  timeoutMs: number;
  maxInFlight: number;
  /** Maps response headers to the upstream that answered when there is no `x-mock-name`. */
  upstreamOf?: ((headers: Record<string, string | string[] | undefined>) => string | undefined) | undefined;
};

export type FixedRateRun = {
  /** Requests sent so far. */
  sent(): number;
  inFlight(): number;
  /** Stops sending, waits for the requests in flight (each bounded by timeoutMs), returns every record. */
  stop(): Promise<FixedRateResult>;
};

export type FixedRateResult = {
  records: FixedRateRecord[];
  /** Requests that were due while maxInFlight were open, and not sent. */
  skipped: number;
  /** Epoch ms of the first scheduled request and of the stop. */
  startedMs: number;
  stoppedMs: number;
};

const ERROR_MARKER = '"error"';
const FIRST_TOKEN = tokenMarker(0);
const DONE_MARKER = 'data: [DONE]';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function startFixedRate(options: FixedRateOptions): FixedRateRun {
  const pool = new Pool(options.origin, {
    connections: options.maxInFlight,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const records: FixedRateRecord[] = [];
  const running = new Set<Promise<void>>();
  let sent = 0;
  let skipped = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const began = performance.now();
  const startedMs = epochMs();
  const intervalMs = 1000 / options.ratePerS;

  const fire = (): void => {
    if (running.size >= options.maxInFlight) {
      skipped++;
      return;
    }
    const startMs = epochMs();
    const start = performance.now();
    const task = send(start, startMs).then((record) => {
      records.push(record);
      running.delete(task);
    });
    running.add(task);
  };

  const send = async (start: number, startMs: number): Promise<FixedRateRecord> => {
    const record: FixedRateRecord = {
      startMs,
      latencyMs: Number.NaN,
      status: 0,
      upstream: undefined,
      attempts: undefined,
      ok: false,
      error: undefined,
      tail: undefined,
      spliced: false,
    };
    try {
      const response = await pool.request(options.request);
      record.status = response.statusCode;
      const headers = response.headers;
      record.upstream = firstHeader(headers['x-mock-name']) ?? options.upstreamOf?.(headers);
      const attempts = firstHeader(headers['x-outlast-attempts']);
      if (attempts !== undefined) record.attempts = Number(attempts);
      const text = await response.body.text();
      record.latencyMs = performance.now() - start;
      if (response.statusCode !== 200) {
        record.error = `${response.statusCode} ${text.slice(0, 200)}`;
      } else if (options.stream) {
        const done = text.includes(DONE_MARKER);
        const inBandError = text.includes(ERROR_MARKER);
        record.ok = done && !inBandError;
        const firstToken = text.indexOf(FIRST_TOKEN);
        record.spliced = firstToken !== -1 && text.indexOf(FIRST_TOKEN, firstToken + 1) !== -1;
        if (!record.ok) {
          record.error = inBandError ? '200, stream ended with an error event' : '200, stream cut (no [DONE])';
          record.tail = text.slice(-240);
        }
      } else {
        record.ok = true;
      }
    } catch (error) {
      record.latencyMs = performance.now() - start;
      record.error = `wire: ${(error as Error).message}`;
    }
    return record;
  };

  // One timer tick per millisecond at most; every request that is due leaves in that tick.
  const tick = (): void => {
    if (stopped) return;
    const due = Math.floor((performance.now() - began) / intervalMs) + 1;
    while (sent < due) {
      sent++;
      fire();
    }
    const nextDue = began + sent * intervalMs - performance.now();
    timer = setTimeout(tick, Math.max(1, nextDue));
  };
  tick();

  return {
    sent: () => sent,
    inFlight: () => running.size,
    async stop(): Promise<FixedRateResult> {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      const stoppedMs = epochMs();
      await Promise.all(running);
      await pool.close();
      records.sort((a, b) => a.startMs - b.startMs);
      return { records, skipped, startedMs, stoppedMs };
    },
  };
}
