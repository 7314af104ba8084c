import type { TranslationWarning } from '../core/canonical.ts';
import type { Dispatch, GatewayAnswer, GatewayRequest } from '../core/gateway-request.ts';
import type { ProviderAdapter } from '../core/provider-adapter.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { replaceTopLevelString } from '../formats/shared/find-top-level-string.ts';
import { orderTargets } from '../policies/choose-targets.ts';
import type { BreakerPermit } from '../policies/circuit-breaker.ts';
import { decideRetry } from '../policies/decide-retry.ts';
import { type AttemptSignal, createAttemptSignal } from './attempt-signal.ts';
import { type Continuation, createContinuingStream } from './continue-stream.ts';
import { events } from './events.ts';
import { type PlannedTarget, resolveTargets } from './resolve-targets.ts';
import { passThroughBody, rewriteTranslated } from './rewrite-body.ts';
import { type AttemptOutcome, runAttempt } from './run-attempt.ts';
import { attemptTimeouts, type RouteSettings, type Runtime } from './runtime.ts';
import { type AttemptRecord, type SkippedTarget, summarizeExhausted } from './summarize-exhausted.ts';
import type { TargetRecord, TargetRegistry } from './target-registry.ts';
import { abandonedDecision, completedDecision, trackAnswer } from './track-answer.ts';
import { createTranslator, type TranslatedTarget, type Translator } from './translate.ts';

/** Dependencies of the attempt loop. */
export interface AttemptDispatchDeps {
  /** The runtime of the current config (read once per request). */
  runtime: () => Runtime;
  /** Per-target health, shared by all requests. */
  registry: TargetRegistry;
  /** Clock in ms. */
  now: () => number;
  /** Uniform source in [0, 1): balance picks and backoff jitter. */
  random: () => number;
  /** Waits; rejects when the signal aborts. Injected so tests control time. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Chaos mode: the adapter an attempt on `model` uses (the same one when no fault is set). */
  wrapAdapter?: (adapter: ProviderAdapter, model: string) => ProviderAdapter;
  /** The provider holding the uploaded files a request cites, when the gateway saw them created (docs/vendor-paths.md). */
  fileHolder?: (request: GatewayRequest) => string | undefined;
}

/** Hedge delay until a target's p95 time to first byte is known. */
const defaultHedgeDelayMs = 2000;

/** One target of this request's plan, with what the loop needs of it. */
interface Candidate {
  target: PlannedTarget;
  adapter: ProviderAdapter;
  record: TargetRecord;
  /** Set when the target speaks another format than the client: the translated exchange. */
  translated: TranslatedTarget | undefined;
  /** Pass-through only: the body rewritten for the target's quirks, computed on first use (null: none apply). */
  rewritten?: { body: string; warnings: TranslationWarning[] } | null | undefined;
}

/** An attempt in flight. */
interface Running {
  candidate: Candidate;
  permit: BreakerPermit;
  startedMs: number;
  attemptSignal: AttemptSignal;
  outcome: Promise<AttemptOutcome>;
}

function clientAborted(): OutlastError {
  return new OutlastError('OUTLAST_INTERNAL', 'The client went away.', { shouldRetry: false });
}

/**
 * The innermost dispatch (wire-and-resilience A12.3): orders the route's targets by health, then walks them.
 * Failover is immediate; a same-target retry waits for backoff or retry-after within the deadline and the retry
 * budget; breakers, cool-downs, throttling and concurrency limits skip a target at once (never wait). Decisions
 * come from pure functions (classifyOutcome, decideRetry, orderTargets); this function applies them.
 */
export function createAttemptDispatch(deps: AttemptDispatchDeps): Dispatch {
  const { registry, now } = deps;

  function bodyFor(
    request: GatewayRequest,
    model: string,
    cache: { model?: string; body?: string | Buffer },
  ): string | Buffer {
    // Gemini names the model in the URL (ForwardRequest.model): its body goes as it came.
    if (model === request.model || request.format === 'gemini') return request.raw;
    if (cache.model !== model) {
      cache.model = model;
      // The client's bytes with only the model's value changed (an agent's body is often hundreds of KB); serialized
      // again only when the model's place cannot be trusted.
      cache.body = replaceTopLevelString(request.raw, 'model', model) ?? JSON.stringify({ ...request.body, model });
    }
    return cache.body!;
  }

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
    const route: RouteSettings = runtime.routeSettings.get(request.model) ?? runtime.unrouted;
    const candidates: Candidate[] = [];
    let translator: Translator | undefined;
    for (const target of plan) {
      const adapter = runtime.adapters.get(target.provider);
      const settings = runtime.targetSettings.get(target.provider);
      if (adapter === undefined || settings === undefined) continue;
      let translated: TranslatedTarget | undefined;
      if (adapter.format !== request.format || adapter.nativeOperations?.has(request.operation) === false) {
        translator ??= createTranslator(request, now);
        translated = translator.forTarget(adapter.format, target.model, runtime.anthropicVersions.get(target.provider));
        if (translated === undefined) continue;
        if (adapter.rewriteBody !== undefined) translated = rewriteTranslated(translated, adapter.rewriteBody);
      }
      candidates.push({ target, adapter, record: registry.get(target.provider, target.model, settings), translated });
    }
    // A request citing an uploaded file can be served only by the account holding it.
    const holder = deps.fileHolder?.(request);
    if (holder !== undefined && candidates.some((candidate) => candidate.target.provider === holder)) {
      const holding = candidates.filter((candidate) => candidate.target.provider === holder);
      candidates.splice(0, candidates.length, ...holding);
    }
    if (candidates.length === 0) throw summarizeExhausted([], [], request, now());

    // Fast path: a fallback route whose targets are all healthy is tried in config order, no snapshots needed.
    const order =
      route.strategy === 'fallback' &&
      candidates.every((candidate) => candidate.record.state.availability() === 'available')
        ? candidates.map((_candidate, index) => index)
        : orderTargets({
            strategy: route.strategy,
            targets: candidates.map((candidate) => ({
              weight: candidate.target.weight,
              health: candidate.record.state.snapshot(),
            })),
            random: deps.random,
          });
    const firstIndex = order[0]!;
    const startedMs = now();
    const deadlineMs = startedMs + attemptTimeouts(runtime, candidates[firstIndex]!.target.provider, route).totalMs;
    const retry = runtime.config.defaults.retry;
    const sameTargetLimit = request.clientRetryCount > 0 ? 0 : retry.same_target_retries;
    const failures: AttemptRecord[] = [];
    const skipped: SkippedTarget[] = [];
    const bodyCache: { model?: string; body?: string | Buffer } = {};
    let attempts = 0;

    function start(candidate: Candidate, lastResort: boolean, body?: string): Running | undefined {
      const record = candidate.record;
      if (!lastResort && record.throttle?.shouldReject() === true) {
        skipped.push({
          provider: candidate.target.provider,
          model: candidate.target.model,
          why: 'throttled',
          until: undefined,
        });
        return undefined;
      }
      const permit = record.state.onAttemptStart({ lastResort });
      if (permit === 'rejected') {
        const snapshot = record.state.snapshot();
        skipped.push({
          provider: candidate.target.provider,
          model: candidate.target.model,
          why: snapshot.availability,
          until: snapshot.coolDownUntil ?? snapshot.disabledUntil ?? snapshot.breaker.openUntil,
        });
        return undefined;
      }
      attempts += 1;
      const remainingMs = deadlineMs - now();
      const timeouts = attemptTimeouts(runtime, candidate.target.provider, route);
      const attemptSignal = createAttemptSignal(request.signal, Math.max(1, remainingMs));
      const signal = attemptSignal.signal;
      const translated = candidate.translated;
      if (translated === undefined && candidate.rewritten === undefined && candidate.adapter.rewriteBody !== undefined)
        candidate.rewritten = passThroughBody(request, candidate.target.model, candidate.adapter.rewriteBody) ?? null;
      const outcome = runAttempt({
        adapter:
          deps.wrapAdapter === undefined
            ? candidate.adapter
            : deps.wrapAdapter(candidate.adapter, candidate.target.model),
        request,
        model: candidate.target.model,
        body:
          body ?? translated?.body ?? candidate.rewritten?.body ?? bodyFor(request, candidate.target.model, bodyCache),
        operation: translated?.operation ?? request.operation,
        passHeaders: translated === undefined ? request.passHeaders : {},
        search: translated === undefined ? request.search : '',
        timeouts,
        remainingMs,
        signal,
        abort: attemptSignal.abort,
        now,
      });
      return { candidate, permit, startedMs: now(), attemptSignal, outcome };
    }

    /** Applies a finished attempt to its target; returns an answer for the client, or undefined to go on. */
    function settle(running: Running, outcome: AttemptOutcome): GatewayAnswer | undefined {
      const { candidate, permit } = running;
      // A committed stream keeps its deadline and client link until its body ends (trackAnswer releases them).
      if (outcome.type !== 'answer' || Buffer.isBuffer(outcome.body)) running.attemptSignal.release();
      const target = candidate.target;
      if (outcome.type === 'aborted') {
        registry.recordOutcome(candidate.record, permit, abandonedDecision, {});
        return undefined;
      }
      if (events.attemptEnd.hasSubscribers) {
        events.attemptEnd.publish({
          requestId: request.requestId,
          provider: target.provider,
          model: target.model,
          reason: outcome.type === 'answer' ? 'ok' : outcome.decision.reason,
          ttfbMs: outcome.ttfbMs,
          latencyMs: now() - running.startedMs,
          registry,
        });
      }
      const fallback = candidate !== candidates[firstIndex];
      if (outcome.type === 'answer') {
        if (Buffer.isBuffer(outcome.body)) {
          const timing = { ttfbMs: outcome.ttfbMs, latencyMs: now() - running.startedMs };
          registry.recordOutcome(candidate.record, permit, completedDecision, timing);
        } else {
          trackAnswer({
            registry,
            record: candidate.record,
            permit,
            body: outcome.body,
            clientSignal: request.signal,
            ttfbMs: outcome.ttfbMs,
            startedMs: running.startedMs,
            now,
            onDone: running.attemptSignal.release,
          });
        }
        const translated = candidate.translated;
        if (translated !== undefined) {
          const rendered = Buffer.isBuffer(outcome.body)
            ? { prefix: [], body: translated.renderBody(outcome.body) }
            : translated.renderStream(outcome.prefix, outcome.body);
          return {
            status: outcome.status,
            headers: outcome.headers,
            body: rendered.body,
            prefix: rendered.prefix,
            stream: outcome.stream,
            provider: target.provider,
            model: target.model,
            attempts,
            fallback,
            warnings: translated.warnings,
          };
        }
        const continuing =
          route.midStream === 'continue' &&
          request.format !== 'gemini' &&
          outcome.stream &&
          !Buffer.isBuffer(outcome.body)
            ? createContinuingStream({
                format: request.format,
                prefix: outcome.prefix,
                body: outcome.body,
                resume: (partialText) => resume(candidate, partialText),
              })
            : undefined;
        return {
          status: outcome.status,
          headers: outcome.headers,
          body: continuing ?? outcome.body,
          prefix: continuing === undefined ? outcome.prefix : [],
          stream: outcome.stream,
          provider: target.provider,
          model: target.model,
          attempts,
          fallback,
          warnings: candidate.rewritten?.warnings,
        };
      }
      registry.recordOutcome(candidate.record, permit, outcome.decision, { ttfbMs: outcome.ttfbMs });
      if (outcome.type === 'final-error') {
        const translated = candidate.translated;
        return {
          status: outcome.status,
          headers: outcome.headers,
          body:
            translated === undefined
              ? outcome.body
              : translated.renderErrorBody(outcome.status, outcome.body, request.requestId),
          prefix: [],
          stream: false,
          provider: target.provider,
          model: target.model,
          attempts,
          fallback,
        };
      }
      failures.push({
        provider: target.provider,
        model: target.model,
        decision: outcome.decision,
        detail: outcome.detail,
      });
      return undefined;
    }

    /** `mid_stream: continue`: asks the targets after `broken` in the plan to continue the text sent so far. */
    async function resume(broken: Candidate, partialText: string): Promise<Continuation | undefined> {
      const from = order.indexOf(candidates.indexOf(broken));
      for (let index = from + 1; index < order.length && attempts < route.maxAttempts; index++) {
        const candidate = candidates[order[index]!]!;
        const continuation = {
          ...request.body,
          model: candidate.target.model,
          messages: continuationMessages(request.body.messages, partialText),
        };
        const body = JSON.stringify(
          candidate.adapter.rewriteBody?.(continuation, request.operation)?.body ?? continuation,
        );
        const running = start(candidate, false, body);
        if (running === undefined) continue;
        const outcome = await running.outcome;
        if (outcome.type === 'answer' && !Buffer.isBuffer(outcome.body)) {
          trackAnswer({
            registry,
            record: candidate.record,
            permit: running.permit,
            body: outcome.body,
            clientSignal: request.signal,
            ttfbMs: outcome.ttfbMs,
            startedMs: running.startedMs,
            now,
            onDone: running.attemptSignal.release,
          });
          return { prefix: outcome.prefix, body: outcome.body };
        }
        settle(running, outcome);
      }
      return undefined;
    }

    /** Runs an attempt; with hedging on, sends the same request to `hedgeTo` when the first is slow to answer. */
    async function attemptWithHedge(
      running: Running,
      hedgeTo: Candidate | undefined,
    ): Promise<{ answer: GatewayAnswer | undefined; last: Running; outcome: AttemptOutcome }> {
      if (hedgeTo === undefined || route.hedge === undefined) {
        const outcome = await running.outcome;
        return { answer: settle(running, outcome), last: running, outcome };
      }
      const delayMs = route.hedge.delayMs ?? running.candidate.record.state.p95TtfbMs() ?? defaultHedgeDelayMs;
      const timer = new AbortController();
      const first = await Promise.race([
        running.outcome.then((outcome) => ({ hedged: false as const, outcome })),
        deps.sleep(delayMs, AbortSignal.any([timer.signal, request.signal])).then(
          () => ({ hedged: true as const, outcome: undefined }),
          () => ({ hedged: false as const, outcome: undefined }),
        ),
      ]);
      timer.abort();
      if (!first.hedged) {
        const outcome = first.outcome ?? (await running.outcome);
        return { answer: settle(running, outcome), last: running, outcome };
      }
      const hedge =
        attempts < route.maxAttempts && running.candidate.record.budget.allowsRetry()
          ? start(hedgeTo, false)
          : undefined;
      if (hedge === undefined) {
        const outcome = await running.outcome;
        return { answer: settle(running, outcome), last: running, outcome };
      }
      if (events.attemptHedge.hasSubscribers) {
        events.attemptHedge.publish({
          requestId: request.requestId,
          provider: hedgeTo.target.provider,
          model: hedgeTo.target.model,
          delayMs,
        });
      }
      const pending = new Map<Running, Promise<{ running: Running; outcome: AttemptOutcome }>>();
      for (const entry of [running, hedge])
        pending.set(
          entry,
          entry.outcome.then((outcome) => ({ running: entry, outcome })),
        );
      let last: { running: Running; outcome: AttemptOutcome } | undefined;
      while (pending.size > 0) {
        const done = await Promise.race(pending.values());
        pending.delete(done.running);
        const answer = settle(done.running, done.outcome);
        last = done;
        if (answer !== undefined) {
          for (const loser of pending.keys()) {
            loser.attemptSignal.abort();
            void loser.outcome.then((outcome) => settleLoser(loser, outcome));
          }
          return { answer, last: done.running, outcome: done.outcome };
        }
      }
      return { answer: undefined, last: last!.running, outcome: last!.outcome };
    }

    function settleLoser(loser: Running, outcome: AttemptOutcome): void {
      if (outcome.type === 'answer') {
        if (!Buffer.isBuffer(outcome.body)) outcome.body.destroy();
        loser.attemptSignal.release();
        registry.recordOutcome(loser.candidate.record, loser.permit, abandonedDecision, {});
      } else {
        settle(loser, outcome);
      }
    }

    const usable = (candidate: Candidate) => {
      const availability = candidate.record.state.availability();
      return availability === 'available' || availability === 'probe';
    };
    let position = 0;
    let sameTargetRetries = 0;
    while (position < order.length && attempts < route.maxAttempts) {
      if (request.signal.aborted) throw clientAborted();
      const candidate = candidates[order[position]!]!;
      // A12.4 "never all open": orderTargets offers the least recently failed target alone; it gets one request
      // at a time, so a route whose targets are all out keeps one trickle of real traffic, never a storm.
      const lastResort =
        order.length === 1 &&
        attempts === 0 &&
        !usable(candidate) &&
        candidate.record.state.snapshot().outstanding === 0;
      const running = start(candidate, lastResort);
      if (running === undefined) {
        position += 1;
        sameTargetRetries = 0;
        continue;
      }
      const next = order[position + 1];
      const hedgeTo = next === undefined ? undefined : candidates[next];
      const { answer, last, outcome } = await attemptWithHedge(running, hedgeTo);
      if (answer !== undefined) return answer;
      if (outcome.type === 'aborted' && request.signal.aborted) throw clientAborted();
      if (last.candidate !== candidate) {
        // the hedge target failed last: both were tried
        position = order.indexOf(candidates.indexOf(last.candidate));
      }
      if (outcome.type !== 'failed') {
        position += 1;
        continue;
      }
      const plan = decideRetry({
        decision: outcome.decision,
        attemptsMade: attempts,
        maxAttempts: route.maxAttempts,
        sameTargetRetriesMade: sameTargetRetries,
        maxSameTargetRetries: sameTargetLimit,
        remainingTargets: order.length - position - 1,
        retryAfterMs: outcome.retryAfterMs,
        remainingMs: deadlineMs - now(),
        backoff: { baseMs: retry.base_ms, capMs: retry.cap_ms, maxRetryAfterMs: retry.max_retry_after_ms },
        random: deps.random,
        budgetAllowsRetry: last.candidate.record.budget.allowsRetry(),
      });
      if (plan.action === 'stop') break;
      if (plan.action === 'failover') {
        if (events.attemptFailover.hasSubscribers) {
          events.attemptFailover.publish({
            requestId: request.requestId,
            from: last.candidate.target,
            reason: outcome.decision.reason,
            registry,
          });
        }
        position += 1;
        sameTargetRetries = 0;
        continue;
      }
      if (events.attemptRetry.hasSubscribers) {
        events.attemptRetry.publish({
          requestId: request.requestId,
          provider: last.candidate.target.provider,
          model: last.candidate.target.model,
          delayMs: plan.delayMs,
          reason: outcome.decision.reason,
        });
      }
      try {
        await deps.sleep(plan.delayMs, request.signal);
      } catch {
        throw clientAborted();
      }
      sameTargetRetries += 1;
    }
    throw summarizeExhausted(failures, skipped, request, now());
  };
}

/**
 * The conversation for a continuation: the client's messages plus the partial answer as an assistant turn (a
 * prefill the next target continues). A client prefill already in place is extended instead.
 */
export function continuationMessages(messages: unknown, partialText: string): unknown[] {
  const list = Array.isArray(messages) ? [...messages] : [];
  const text = partialText.trimEnd();
  const last = list.at(-1) as { role?: unknown; content?: unknown } | undefined;
  if (last?.role === 'assistant' && typeof last.content === 'string') {
    list[list.length - 1] = { ...last, content: last.content + text };
  } else {
    list.push({ role: 'assistant', content: text });
  }
  return list;
}
