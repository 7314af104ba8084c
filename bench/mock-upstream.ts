/**
 * Lean upstream mock for the benchmarks: `node:http`, precomputed bodies, no JSON parsing.
 *
 *   POST /v1/chat/completions   OpenAI JSON, or SSE when the body has "stream":true
 *   POST /v1/messages           Anthropic JSON, or SSE when the body has "stream":true
 *   GET  /__health              200
 *   GET  /__stats               request counters (JSON)
 *   GET  /__hits?since=&until=  arrival times of model requests (epoch ms, µs precision) in that range
 *   POST /__control             JSON patch of the settings below, applied at once; answers the settings
 *                               and `at`, the epoch ms at which they took effect
 * With --control-port, the control endpoints are also served on that second port, which stays up when the
 * `refused` mode closes the model port.
 *
 * Run: node bench/mock-upstream.ts [--port 0] [--latency-ms 0] [--jitter-ms 0] [--chunks 64]
 *        [--chunk-interval-ms 20] [--chunk-bytes 16] [--mode healthy] [--name primary] [--control-port 0]
 * or the same through env: MOCK_PORT, MOCK_LATENCY_MS, MOCK_JITTER_MS, MOCK_CHUNKS,
 * MOCK_CHUNK_INTERVAL_MS, MOCK_CHUNK_BYTES, MOCK_MODE, MOCK_NAME, MOCK_CONTROL_PORT. With a name, every model answer
 * (errors and streams included) carries `x-mock-name: <name>`, so a client behind a gateway sees
 * which upstream answered. Prints one JSON line {"event":"listening","port":N,"at":<epoch ms>}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMockBodies, type MockBodies } from './mock-bodies.ts';

export const MOCK_MODES = ['healthy', 'status-500', 'status-429', 'hang', 'reset', 'refused'] as const;
export type MockMode = (typeof MOCK_MODES)[number];

export type MockSettings = {
  /** Delay before the response head (JSON) or the first chunk (SSE). */
  latencyMs: number;
  /** Uniform random extra delay in [0, jitterMs). */
  jitterMs: number;
  /** Content chunks per stream. */
  chunks: number;
  /** Time between two chunks of a stream. */
  chunkIntervalMs: number;
  /** Content bytes per chunk (the SSE event around it is larger). */
  chunkBytes: number;
  /**
   * healthy; 500 / 429 (retry-after: 1) answers; hang (never answers); reset (socket destroyed, mid-stream for SSE);
   * refused (the listener is closed and open connections destroyed, so connections are refused, as from a crashed
   * process; needs the control port, since the model port is gone; any other mode listens again on the same port).
   */
  mode: MockMode;
};

export const DEFAULT_MOCK_SETTINGS: MockSettings = {
  latencyMs: 0,
  jitterMs: 0,
  chunks: 64,
  chunkIntervalMs: 20,
  chunkBytes: 16,
  mode: 'healthy',
};

export type MockUpstream = {
  port: number;
  /** The control port (`/__control`, `/__hits`, `/__stats`) when one was asked for, else undefined. */
  controlPort: number | undefined;
  settings(): MockSettings;
  close(): Promise<void>;
};

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Arrival times kept for GET /__hits: a ring, so memory stays bounded however long the mock runs. */
const HIT_LOG_SIZE = 1 << 18;

const STREAM_MARKER = Buffer.from('"stream":true');
const STREAM_MARKER_SPACED = Buffer.from('"stream": true');
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

type Counters = { requests: number; streams: number; activeStreams: number; errors: number };

/**
 * Starts the mock on 127.0.0.1:`port` (0: any). `name` stamps `x-mock-name` on model answers; `controlPort` (0: any)
 * opens a second listener that serves only the control endpoints, which the `refused` mode needs.
 */
export async function startMockUpstream(
  initial: Partial<MockSettings> = {},
  port = 0,
  name: string | undefined = undefined,
  controlPort: number | undefined = undefined,
): Promise<MockUpstream> {
  let settings: MockSettings = sanitize({ ...DEFAULT_MOCK_SETTINGS, ...initial });
  let bodies: MockBodies = buildMockBodies(settings);
  const stamp: Record<string, string> = name === undefined ? {} : { 'x-mock-name': name };
  const sseHeaders = { ...SSE_HEADERS, ...stamp };
  let openaiJsonHeaders = jsonHeaders(bodies.openaiJson, stamp);
  let anthropicJsonHeaders = jsonHeaders(bodies.anthropicJson, stamp);
  const counters: Counters = { requests: 0, streams: 0, activeStreams: 0, errors: 0 };
  const hits = new Float64Array(HIT_LOG_SIZE);
  let hitCount = 0;

  const apply = (patch: Partial<MockSettings>): void => {
    const before = settings;
    settings = sanitize({ ...settings, ...patch });
    // Bodies depend on the stream shape only: a mode switch (S7's flip) takes effect at once, nothing is rebuilt.
    if (before.chunks === settings.chunks && before.chunkBytes === settings.chunkBytes) return;
    bodies = buildMockBodies(settings);
    openaiJsonHeaders = jsonHeaders(bodies.openaiJson, stamp);
    anthropicJsonHeaders = jsonHeaders(bodies.anthropicJson, stamp);
  };

  /** Arrival times in [since, until), oldest first, rounded to the microsecond. */
  const hitsBetween = (since: number, until: number): number[] => {
    const out: number[] = [];
    const first = Math.max(0, hitCount - HIT_LOG_SIZE);
    for (let i = first; i < hitCount; i++) {
      const at = hits[i % HIT_LOG_SIZE]!;
      if (at >= since && at < until) out.push(Math.round(at * 1000) / 1000);
    }
    return out;
  };

  const delayMs = (): number => settings.latencyMs + (settings.jitterMs > 0 ? Math.random() * settings.jitterMs : 0);

  const answer = (anthropic: boolean, stream: boolean, res: http.ServerResponse): void => {
    counters.requests++;
    const mode = settings.mode;
    if (mode === 'hang') return;
    if (mode === 'status-500' || mode === 'status-429') {
      const status = mode === 'status-500' ? 500 : 429;
      const body = Buffer.from(JSON.stringify({ error: { message: 'bench mock ' + status, type: 'server_error' } }));
      const headers: Record<string, string> = { ...jsonHeaders(body, stamp) };
      if (status === 429) headers['retry-after'] = '1';
      res.writeHead(status, headers);
      res.end(body);
      return;
    }
    if (!stream) {
      if (mode === 'reset') {
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, anthropic ? anthropicJsonHeaders : openaiJsonHeaders);
      res.end(anthropic ? bodies.anthropicJson : bodies.openaiJson);
      return;
    }
    streamEvents(anthropic, res);
  };

  const streamEvents = (anthropic: boolean, res: http.ServerResponse): void => {
    const events = anthropic ? bodies.anthropicEvents : bodies.openaiEvents;
    const tail = anthropic ? bodies.anthropicTail : bodies.openaiDone;
    const resetAfter = settings.mode === 'reset' ? 2 : -1;
    counters.streams++;
    counters.activeStreams++;
    res.writeHead(200, sseHeaders);
    if (anthropic) res.write(bodies.anthropicPrelude);
    let next = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      counters.activeStreams--;
    };
    const writeNext = (): void => {
      if (next === resetAfter) {
        finish();
        res.socket?.destroy();
        return;
      }
      const event = events[next++];
      if (event === undefined || next >= events.length) {
        if (event !== undefined) res.write(event);
        finish();
        res.end(tail);
        return;
      }
      res.write(event);
    };
    res.once('close', () => {
      if (timer !== undefined) {
        counters.errors++;
        finish();
      }
    });
    writeNext();
    if (next < events.length && timer === undefined && res.writable) {
      timer = setInterval(writeNext, settings.chunkIntervalMs);
    }
  };

  const handleModel = (req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean => {
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/messages')) return false;
    const anthropic = path === '/v1/messages';
    hits[hitCount++ % HIT_LOG_SIZE] = epochMs();
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      const stream = body.includes(STREAM_MARKER) || body.includes(STREAM_MARKER_SPACED);
      const wait = delayMs();
      if (wait > 0) setTimeout(answer, wait, anthropic, stream, res);
      else answer(anthropic, stream, res);
    });
    return true;
  };

  const handleControl = (req: http.IncomingMessage, res: http.ServerResponse, url: string, path: string): boolean => {
    if (req.method === 'GET' && path === '/__health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return true;
    }
    if (req.method === 'GET' && path === '/__stats') {
      const body = JSON.stringify({ ...counters, settings });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return true;
    }
    if (req.method === 'GET' && path === '/__hits') {
      const query = new URLSearchParams(url.indexOf('?') === -1 ? '' : url.slice(url.indexOf('?') + 1));
      const since = Number(query.get('since') ?? 0);
      const until = Number(query.get('until') ?? Number.POSITIVE_INFINITY);
      const body = JSON.stringify({ total: hitCount, hits: hitsBetween(since, until) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
      return true;
    }
    if (req.method === 'POST' && path === '/__control') {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => {
        let patch: Partial<MockSettings>;
        try {
          patch = JSON.parse(Buffer.concat(parts).toString('utf8')) as Partial<MockSettings>;
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end(String(error));
          return;
        }
        if (patch.mode === 'refused' && controlServer === undefined) {
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('mode refused needs --control-port: the model port is what it closes');
          return;
        }
        const wasRefused = settings.mode === 'refused';
        apply(patch);
        const refused = settings.mode === 'refused';
        // `at` is when the new mode is in force: the listener is closed (refused) or listening again.
        const done = (): void => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ...settings, at: epochMs() }));
        };
        if (refused && !wasRefused) stopListening(done);
        else if (!refused && wasRefused)
          listen(boundPort).then(done, (error: Error) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(String(error));
          });
        else done();
      });
      return true;
    }
    return false;
  };

  const pathOf = (url: string): string => (url.indexOf('?') === -1 ? url : url.slice(0, url.indexOf('?')));
  const server = http.createServer(
    { noDelay: true, keepAliveTimeout: 65_000, requestTimeout: 0, headersTimeout: 65_000 },
    (req, res) => {
      const url = req.url ?? '/';
      const path = pathOf(url);
      if (handleModel(req, res, path) || handleControl(req, res, url, path)) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    },
  );
  const controlServer =
    controlPort === undefined
      ? undefined
      : http.createServer({ noDelay: true }, (req, res) => {
          const url = req.url ?? '/';
          if (handleControl(req, res, url, pathOf(url))) return;
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found (control port)');
        });

  const listenOn = (target: http.Server, wanted: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      target.once('error', onError);
      target.listen({ port: wanted, host: '127.0.0.1', backlog: 4096 }, () => {
        target.off('error', onError);
        resolve((target.address() as AddressInfo).port);
      });
    });
  const listen = async (wanted: number): Promise<void> => {
    boundPort = await listenOn(server, wanted);
  };
  const stopListening = (done: () => void): void => {
    server.close(() => done());
    server.closeAllConnections();
  };

  let boundPort = port;
  await listen(port);
  const boundControlPort = controlServer === undefined ? undefined : await listenOn(controlServer, controlPort ?? 0);
  return {
    port: boundPort,
    controlPort: boundControlPort,
    settings: () => settings,
    close: async () => {
      const closing = (target: http.Server) =>
        new Promise<void>((done) => {
          if (!target.listening) return done();
          target.closeAllConnections();
          target.close(() => done());
        });
      await closing(server);
      if (controlServer !== undefined) await closing(controlServer);
    },
  };
}

function jsonHeaders(body: Buffer, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', 'content-length': String(body.length), ...extra };
}

function sanitize(settings: MockSettings): MockSettings {
  const count = (value: unknown, fallback: number, min: number): number => {
    const n = Number(value);
    return Number.isFinite(n) && n >= min ? n : fallback;
  };
  const mode = MOCK_MODES.includes(settings.mode) ? settings.mode : 'healthy';
  return {
    latencyMs: count(settings.latencyMs, 0, 0),
    jitterMs: count(settings.jitterMs, 0, 0),
    chunks: Math.floor(count(settings.chunks, 64, 1)),
    chunkIntervalMs: count(settings.chunkIntervalMs, 20, 1),
    chunkBytes: Math.floor(count(settings.chunkBytes, 16, 6)),
    mode,
  };
}

function settingsFromCli(): {
  settings: Partial<MockSettings>;
  port: number;
  name: string | undefined;
  controlPort: number | undefined;
} {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      chunks: { type: 'string' },
      'chunk-interval-ms': { type: 'string' },
      'chunk-bytes': { type: 'string' },
      mode: { type: 'string' },
      name: { type: 'string' },
      'control-port': { type: 'string' },
    },
  });
  const env = process.env;
  const pick = (cli: string | undefined, name: string): string | undefined => cli ?? env[name];
  const settings: Partial<MockSettings> = {};
  const numeric = [
    ['latencyMs', pick(values['latency-ms'], 'MOCK_LATENCY_MS')],
    ['jitterMs', pick(values['jitter-ms'], 'MOCK_JITTER_MS')],
    ['chunks', pick(values.chunks, 'MOCK_CHUNKS')],
    ['chunkIntervalMs', pick(values['chunk-interval-ms'], 'MOCK_CHUNK_INTERVAL_MS')],
    ['chunkBytes', pick(values['chunk-bytes'], 'MOCK_CHUNK_BYTES')],
  ] as const;
  for (const [key, value] of numeric) if (value !== undefined) settings[key] = Number(value);
  const mode = pick(values.mode, 'MOCK_MODE');
  if (mode !== undefined) settings.mode = mode as MockMode;
  const name = pick(values.name, 'MOCK_NAME');
  const controlPort = pick(values['control-port'], 'MOCK_CONTROL_PORT');
  return {
    settings,
    port: Number(pick(values.port, 'MOCK_PORT') ?? 0),
    name: name === '' ? undefined : name,
    controlPort: controlPort === undefined ? undefined : Number(controlPort),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { settings, port, name, controlPort } = settingsFromCli();
  const mock = await startMockUpstream(settings, port, name, controlPort);
  console.log(
    JSON.stringify({
      event: 'listening',
      port: mock.port,
      controlPort: mock.controlPort,
      at: epochMs(),
      name,
      settings: mock.settings(),
    }),
  );
  const stop = (): void => {
    void mock.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
