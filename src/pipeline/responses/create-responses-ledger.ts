import type { Dispatch, GatewayAnswer, GatewayRequest } from '../../core/gateway-request.ts';
import { outputOf, type ResponsesStore } from '../../store/responses/responses-store.ts';
import { expandResponsesInput } from './expand-responses-input.ts';
import { guardResponsesStream } from './guard-responses-stream.ts';

/** Options of the response ledger. */
export interface ResponsesLedgerOptions {
  /** Where responses are kept. */
  store: ResponsesStore;
  /** Clock in ms. */
  now: () => number;
  /** How long a stored response can be chained on (OpenAI keeps them at least 30 days); read per answer (reloads). */
  retentionMs: () => number;
}

/** The gateway's own copy of the Responses answers it served (reference openai-responses.md §11). */
export interface ResponsesLedger {
  /** Wraps the pipeline: expands `previous_response_id` and `item_reference`s, records answers, guards streams. */
  wrap(dispatch: Dispatch): Dispatch;
  /** A stored Response object (`GET /v1/responses/{id}`). */
  retrieve(id: string, tenant: string): Record<string, unknown> | undefined;
  /** The input items of a stored response (`GET /v1/responses/{id}/input_items`), in order. */
  inputItems(id: string, tenant: string): readonly Record<string, unknown>[] | undefined;
  /** Deletes a stored response (`DELETE /v1/responses/{id}`); false when unknown. */
  remove(id: string, tenant: string): boolean;
  /** Deletes expired responses. */
  prune(): number;
  /** Closes the store. */
  close(): void;
}

function hasReference(input: unknown): boolean {
  return (
    Array.isArray(input) &&
    input.some(
      (item) => typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'item_reference',
    )
  );
}

/** Records a whole Response body, when it is one. */
function recordBody(body: Buffer, record: (response: Record<string, unknown>) => void): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return; // not a Response body: nothing to record
  }
  if (typeof parsed === 'object' && parsed !== null) record(parsed as Record<string, unknown>);
}

/**
 * Creates the ledger. The tenant is the client key's id when keys are enforced, '' otherwise. An answer is stored
 * before the client can send its next turn (§11.2 rule 1, read-your-writes): a stream's terminal Response before its
 * event is sent on, a whole body in a setImmediate just after it is written (before the loop reads more requests),
 * or earlier when the ledger is read first.
 * Chains are always expanded, whatever the next target (the upstream never receives our ids); that costs the same
 * tokens as OpenAI's own `previous_response_id`, which bills the whole history again.
 */
export function createResponsesLedger(options: ResponsesLedgerOptions): ResponsesLedger {
  const { store, now } = options;
  // Whole answers waiting to be recorded: run in a setImmediate after the answer is written, or at once when anything
  // reads the ledger first (a caller that chains without going through the event loop).
  let deferred: (() => void)[] = [];
  const settle = () => {
    const waiting = deferred;
    deferred = [];
    for (const record of waiting) record();
  };
  const defer = (record: () => void) => {
    if (deferred.length === 0) setImmediate(settle);
    deferred.push(record);
  };
  return {
    wrap(dispatch) {
      return async function dispatchWithLedger(request: GatewayRequest): Promise<GatewayAnswer> {
        if (request.operation !== 'responses') return dispatch(request);
        settle();
        const body = request.body;
        // Another client key's responses are unknown to this one (reference §11.2 rule 6).
        const tenant = request.client?.keyId ?? '';
        const expanded = expandResponsesInput(body, { store, tenant, nowMs: now() });
        let upstream = request;
        if (typeof body.previous_response_id === 'string' || hasReference(body.input)) {
          const { previous_response_id: _previous, ...rest } = body;
          const rewritten = { ...rest, input: expanded.items };
          upstream = { ...request, body: rewritten, raw: Buffer.from(JSON.stringify(rewritten)) };
        }
        const answer = await dispatch(upstream);
        if (answer.status !== 200) return answer;
        const keep = body.store !== false;
        const record = (response: Record<string, unknown>) => {
          if (!keep || typeof response.id !== 'string' || response.object !== 'response') return;
          const createdAt = now();
          store.put(
            {
              id: response.id,
              tenant,
              createdAt,
              expiresAt: createdAt + options.retentionMs(),
              provider: answer.provider,
              previousId: typeof body.previous_response_id === 'string' ? body.previous_response_id : undefined,
              turnContext: expanded.turnContext,
              inputItems: expanded.turnItems,
              response,
            },
            () => [...expanded.items, ...outputOf(response)],
          );
        };
        if (!answer.stream) {
          const whole = answer.body;
          // Recorded just after the answer is written, off its path: a setImmediate runs before the event loop reads
          // another request, so the client's next turn (or GET) finds it all the same.
          if (keep && Buffer.isBuffer(whole)) defer(() => recordBody(whole, record));
          return answer;
        }
        if (Buffer.isBuffer(answer.body)) return answer;
        const fallbackId = `resp_${request.requestId.replaceAll('-', '')}`;
        const guarded = guardResponsesStream(answer.prefix, answer.body, { onTerminal: record }, fallbackId);
        return { ...answer, prefix: guarded.prefix, body: guarded.body };
      };
    },
    retrieve(id, tenant) {
      settle();
      return store.get(id, tenant, now())?.response;
    },
    inputItems(id, tenant) {
      settle();
      return store.get(id, tenant, now())?.inputItems;
    },
    remove(id, tenant) {
      settle();
      return store.delete(id, tenant, now());
    },
    prune() {
      settle();
      return store.prune(now());
    },
    close() {
      settle();
      store.close();
    },
  };
}
