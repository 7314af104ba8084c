import type { Dispatch, GatewayAnswer, GatewayRequest } from '../core/gateway-request.ts';
import type { UpstreamResponse } from '../core/provider-adapter.ts';
import { UpstreamFailure } from '../core/upstream-failure.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { classifyOutcome, type OutcomeDecision } from '../policies/classify-outcome.ts';
import { toUpstreamFailure } from '../providers/shared/http-forward.ts';
import { parseVendorError } from './parse-vendor-error.ts';
import { readBounded } from './read-bounded.ts';
import { resolveTargets } from './resolve-targets.ts';
import { attemptTimeouts, type Runtime } from './runtime.ts';
import { type AttemptRecord, summarizeExhausted } from './summarize-exhausted.ts';

/** Dependencies of the attempt loop. */
export interface AttemptDispatchDeps {
  /** The runtime of the current config (read once per request). */
  runtime: () => Runtime;
  /** Clock in ms. */
  now: () => number;
}

const errorBodyLimitBytes = 64 * 1024;

function isEventStream(response: UpstreamResponse): boolean {
  const type = response.headers['content-type'];
  return typeof type === 'string' && type.startsWith('text/event-stream');
}

/**
 * The innermost dispatch: walks the plan of targets, one attempt each, until an answer that may go to the client.
 * Decisions come from classifyOutcome; this function only applies them.
 */
export function createAttemptDispatch(deps: AttemptDispatchDeps): Dispatch {
  return async function dispatchAttempts(request: GatewayRequest): Promise<GatewayAnswer> {
    const runtime = deps.runtime();
    const plan = resolveTargets(runtime.table, request.model, request.format);
    if (plan === undefined) {
      throw new OutlastError(
        'OUTLAST_UNKNOWN_MODEL',
        `The model \`${request.model}\` is not served here: no route has this name and no provider lists it.`,
        { param: 'model' },
      );
    }
    const maxAttempts = runtime.routeSettings.get(request.model)?.maxAttempts ?? runtime.maxAttempts;
    const startedMs = deps.now();
    const records: AttemptRecord[] = [];
    let rewritten: { model: string; body: string } | undefined;
    for (let index = 0; index < plan.length && records.length < maxAttempts; index++) {
      const target = plan[index]!;
      const adapter = runtime.adapters.get(target.provider);
      if (adapter === undefined || adapter.format !== request.format) continue;
      const timeouts = attemptTimeouts(runtime, target.provider, request.model);
      const remainingMs = timeouts.totalMs - (deps.now() - startedMs);
      if (remainingMs <= 0) break;
      let body: string | Buffer = request.raw;
      if (target.model !== request.model) {
        if (rewritten?.model !== target.model) {
          rewritten = { model: target.model, body: JSON.stringify({ ...request.body, model: target.model }) };
        }
        body = rewritten.body;
      }
      let response: UpstreamResponse;
      try {
        response = await adapter.forward(
          {
            operation: request.operation,
            body,
            stream: request.stream,
            passHeaders: request.passHeaders,
            search: request.search,
          },
          {
            signal: request.signal,
            headersTimeoutMs: Math.min(timeouts.headersMs, remainingMs),
            idleTimeoutMs: timeouts.idleMs,
          },
        );
      } catch (error) {
        const failure = error instanceof UpstreamFailure ? error : toUpstreamFailure(error, 'headers');
        if (request.signal.aborted) throw failure;
        const decision = classifyOutcome({ type: 'failure', kind: failure.kind, phase: failure.phase }, deps.now());
        records.push({
          provider: target.provider,
          model: target.model,
          decision,
          detail: `${failure.phase} ${failure.kind}`,
        });
        if (!decision.failover) break;
        continue;
      }
      const attempts = records.length + 1;
      if (response.status < 400) {
        return answer(response, target, attempts, index > 0, isEventStream(response));
      }
      const errorBody = await readBounded(response.body, errorBodyLimitBytes);
      const vendor = parseVendorError(errorBody);
      const decision: OutcomeDecision = classifyOutcome(
        { type: 'response', status: response.status, headers: response.headers, ...vendor },
        deps.now(),
      );
      if (decision.final) {
        return { ...answer(response, target, attempts, index > 0, false), body: errorBody };
      }
      records.push({
        provider: target.provider,
        model: target.model,
        decision,
        detail: `HTTP ${response.status}${vendor.errorType === undefined ? '' : ` ${vendor.errorType}`}`,
      });
      if (!decision.failover) break;
    }
    throw summarizeExhausted(records, request);
  };
}

function answer(
  response: UpstreamResponse,
  target: { provider: string; model: string },
  attempts: number,
  fallback: boolean,
  stream: boolean,
): GatewayAnswer {
  return {
    status: response.status,
    headers: response.headers,
    body: response.body,
    stream,
    provider: target.provider,
    model: target.model,
    attempts,
    fallback,
  };
}
