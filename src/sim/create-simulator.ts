import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExchange } from './exchange.ts';
import { createFaultList } from './fault-list.ts';
import type { FaultRule } from './fault-rule.ts';
import { createLruCache } from './lru-cache.ts';
import { parseFaultRules } from './parse-fault-rules.ts';
import type { RenderedAnswer } from './rendered-answer.ts';
import { routeRequest } from './route-request.ts';
import { serveModelRequest } from './serve-model-request.ts';
import type { SimContext } from './sim-context.ts';
import { serveControl } from './sim-control.ts';
import { defaultSimKnobs, mergeSimKnobs, type SimKnobs, simKnobsUpdateSchema } from './sim-knobs.ts';
import { createSimResources } from './sim-resources.ts';
import { createSimStats, type SimStats } from './sim-stats.ts';
import { createSimStatusPages } from './sim-status-pages.ts';
import { zodProblems } from './zod-problems.ts';

/** Options of a simulator. */
export interface SimulatorOptions {
  /** Initial knobs (defaults: no latency, no pacing, 12-word answers). */
  knobs?: Partial<SimKnobs>;
  /** Source of randomness for fault `probability` draws (Math.random by default; inject for tests). */
  random?: () => number;
  /** Clock of the simulated status pages and of the files and batches (Date.now by default). */
  now?: () => number;
}

/** A running (or ready to run) provider simulator. */
export interface Simulator {
  /** Starts listening (port 0 and 127.0.0.1 by default); resolves with the base URL. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops listening, destroys every connection (hanging ones included) and drops the stored files and batches. */
  close(): Promise<void>;
  /** Replaces the fault rules (validated; throws a TypeError listing the problems). */
  setFaults(rules: FaultRule[]): void;
  /** Appends fault rules after the current ones (validated like `setFaults`). */
  addFaults(rules: FaultRule[]): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** The active fault rules, in order. */
  faults(): FaultRule[];
  /** A copy of the traffic counters. */
  stats(): SimStats;
  /** Zeroes the traffic counters. */
  resetStats(): void;
  /** Changes knobs at run time (validated; throws a TypeError on a bad value). */
  configure(knobs: Partial<SimKnobs>): void;
  /** The current knobs. */
  knobs(): SimKnobs;
}

/** Most rendered answers kept, and their total size. */
const cacheEntries = 4096;
const cacheBytes = 64 * 1024 * 1024;

function validRules(rules: FaultRule[]): FaultRule[] {
  const parsed = parseFaultRules(rules);
  if (parsed.ok) return parsed.rules;
  throw new TypeError(`Invalid fault rules: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
}

function validKnobs(knobs: Partial<SimKnobs>): Partial<SimKnobs> {
  const parsed = simKnobsUpdateSchema.safeParse(knobs);
  if (parsed.success) return knobs;
  const problems = zodProblems(parsed.error).map((problem) => `${problem.path}: ${problem.message}`);
  throw new TypeError(`Invalid knobs: ${problems.join('; ')}`);
}

/**
 * Creates the provider simulator: the Anthropic, OpenAI and Gemini APIs on one port (with the Anthropic and OpenAI
 * Files and Batches APIs and Gemini's Files API), deterministic answers, injectable faults, traffic stats, and run-time knobs (see
 * docs/simulator.md).
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const context: SimContext = {
    knobs: mergeSimKnobs(defaultSimKnobs, validKnobs(options.knobs ?? {})),
    faults: createFaultList(options.random),
    stats: createSimStats(),
    cache: createLruCache<RenderedAnswer>({
      maxEntries: cacheEntries,
      maxBytes: cacheBytes,
      sizeOf: (answer) => answer.template.joined.bytes.length * 2,
    }),
    closing: false,
    open: 0,
    onIdle: undefined,
    statusPages: createSimStatusPages(options.now === undefined ? {} : { now: options.now }),
    resources: createSimResources(options.now ?? Date.now),
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? '' : url.slice(mark + 1);
    const route = routeRequest(request.method, path, request.headers, query);
    if (route.api === 'sim') serveControl({ context, route, request, response });
    else serveModelRequest(createExchange({ context, request, response, route, path, query }));
  };

  const server = createServer({ noDelay: true, keepAlive: true }, handle);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    listen(port = 0, host = '127.0.0.1') {
      context.closing = false;
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${urlHost}:${address.port}`, port: address.port });
        });
      });
    },
    close() {
      context.closing = true;
      context.resources.clear();
      if (!server.listening) return Promise.resolve();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Destroyed responses settle (timers cleared, stats counted) in their own close events, maybe after the server's.
      const idle = new Promise<void>((resolve) => {
        context.onIdle = resolve;
        if (context.open === 0) resolve();
      });
      server.closeAllConnections();
      return Promise.all([closed, idle]).then(() => {
        context.onIdle = undefined;
      });
    },
    setFaults(rules) {
      const valid = validRules(rules);
      context.faults.clear();
      context.faults.add(valid);
    },
    addFaults(rules) {
      context.faults.add(validRules(rules));
    },
    clearFaults() {
      context.faults.clear();
    },
    faults() {
      return context.faults.list();
    },
    stats() {
      return context.stats.snapshot();
    },
    resetStats() {
      context.stats.reset();
    },
    configure(knobs) {
      context.knobs = mergeSimKnobs(context.knobs, validKnobs(knobs));
    },
    knobs() {
      return { ...context.knobs };
    },
  };
}
