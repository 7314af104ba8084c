import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { UpstreamFailure } from '../core/upstream-failure.ts';
import { parseDurationMs } from '../drills/parse-time-offset.ts';
import { type ChaosFault, chaosFaultInputSchema } from './chaos-fault.ts';
import { decideChaos } from './decide-chaos.ts';

/** Fault injection inside the gateway (chaos mode, docs/drills.md). */
export interface Chaos {
  /** Validates and adds a fault; the problems name each wrong field. */
  add(input: unknown): { ok: true; fault: ChaosFault } | { ok: false; problems: { path: string; message: string }[] };
  /** The unexpired faults, oldest first. */
  list(): ChaosFault[];
  /** Removes one fault; false when unknown. */
  remove(id: string): boolean;
  /** Removes every fault; returns how many there were. */
  clear(): number;
  /** The adapter as an attempt on `model` sees it: the same object when no fault is set (zero cost). */
  wrap(adapter: ProviderAdapter, model: string | undefined): ProviderAdapter;
}

/** The vendor-shaped error body of an injected failure, so it is classified like the real thing. */
function errorBody(format: ProviderAdapter['format'], status: number, faultId: string): string {
  const message = `Injected by Outlast chaos mode (fault ${faultId}).`;
  if (format === 'anthropic') {
    const type = status === 529 ? 'overloaded_error' : status === 429 ? 'rate_limit_error' : 'api_error';
    return JSON.stringify({ type: 'error', error: { type, message } });
  }
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message, type, param: null, code: null } });
}

/** Creates the chaos state of a gateway: faults with an expiry, checked on the injected clock. */
export function createChaos(deps: { now: () => number; random: () => number }): Chaos {
  let faults: ChaosFault[] = [];

  function prune(): void {
    const nowMs = deps.now();
    if (faults.some((fault) => fault.expiresAt <= nowMs)) faults = faults.filter((fault) => fault.expiresAt > nowMs);
  }

  function wrapped(adapter: ProviderAdapter, model: string | undefined): ProviderAdapter {
    return {
      specificationVersion: adapter.specificationVersion,
      providerId: adapter.providerId,
      type: adapter.type,
      format: adapter.format,
      nativeOperations: adapter.nativeOperations,
      close: () => adapter.close(),
      async forward(request, options) {
        const decision = decideChaos(faults, {
          provider: adapter.providerId,
          model,
          nowMs: deps.now(),
          draw: deps.random(),
        });
        if (decision.action === 'pass') return adapter.forward(request, options);
        if (decision.latencyMs > 0) {
          try {
            await sleep(decision.latencyMs, undefined, { signal: options.signal });
          } catch {
            throw new UpstreamFailure('aborted', 'headers', 'chaos delay aborted');
          }
        }
        if (decision.action === 'delay') return adapter.forward(request, options);
        return {
          status: decision.status,
          headers: { 'content-type': 'application/json', 'x-outlast-chaos': decision.faultId },
          body: Readable.from([Buffer.from(errorBody(adapter.format, decision.status, decision.faultId))]),
        };
      },
    };
  }

  return {
    add(input) {
      const parsed = chaosFaultInputSchema.safeParse(input);
      if (!parsed.success)
        return {
          ok: false,
          problems: parsed.error.issues.map((issue) => ({
            path: issue.path.length === 0 ? '(root)' : issue.path.join('.'),
            message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
          })),
        };
      prune();
      const createdAt = deps.now();
      const fault: ChaosFault = {
        id: `flt_${randomBytes(6).toString('hex')}`,
        provider: parsed.data.provider,
        ...(parsed.data.model === undefined ? {} : { model: parsed.data.model }),
        status: parsed.data.status,
        rate: parsed.data.rate,
        latencyMs: parsed.data.latency_ms,
        createdAt,
        expiresAt: createdAt + (parseDurationMs(parsed.data.for) ?? 0),
      };
      faults = [...faults, fault];
      return { ok: true, fault };
    },
    list() {
      prune();
      return faults.map((fault) => ({ ...fault }));
    },
    remove(id) {
      const before = faults.length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length < before;
    },
    clear() {
      const count = faults.length;
      faults = [];
      return count;
    },
    wrap(adapter, model) {
      if (faults.length === 0) return adapter;
      prune();
      return faults.length === 0 ? adapter : wrapped(adapter, model);
    },
  };
}
