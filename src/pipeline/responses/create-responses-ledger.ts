import type { Dispatch, GatewayAnswer, GatewayRequest } from '../../core/gateway-request.ts';
import type { ResponsesStore } from '../../store/responses/responses-store.ts';
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

/**
 * Creates the ledger. The tenant is the client key's id when keys are enforced, '' otherwise. Writes are synchronous and
 * happen before the client sees the terminal event or body (§11.2 rule 1: read-your-writes for the next turn).
 * Chains are always expanded, whatever the next target (the upstream never receives our ids); that costs the same
 * tokens as OpenAI's own `previous_response_id`, which bills the whole history again.
 */
export function createResponsesLedger(options: ResponsesLedgerOptions): ResponsesLedger {
  const { store, now } = options;
  return {
    wrap(dispatch) {
      return async function dispatchWithLedger(request: GatewayRequest): Promise<GatewayAnswer> {
        if (request.operation !== 'responses') return dispatch(request);
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
          const output = Array.isArray(response.output) ? (response.output as Record<string, unknown>[]) : [];
          const createdAt = now();
          store.put({
            id: response.id,
            tenant,
            createdAt,
            expiresAt: createdAt + options.retentionMs(),
            provider: answer.provider,
            inputItems: expanded.turnItems,
            context: [...expanded.items, ...output],
            response,
          });
        };
        if (!answer.stream) {
          if (Buffer.isBuffer(answer.body)) {
            try {
              const parsed: unknown = JSON.parse(answer.body.toString('utf8'));
              if (typeof parsed === 'object' && parsed !== null) record(parsed as Record<string, unknown>);
            } catch {
              // not a Response body: nothing to record
            }
          }
          return answer;
        }
        if (Buffer.isBuffer(answer.body)) return answer;
        const fallbackId = `resp_${request.requestId.replaceAll('-', '')}`;
        return {
          ...answer,
          prefix: [],
          body: guardResponsesStream(answer.prefix, answer.body, { onTerminal: record }, fallbackId),
        };
      };
    },
    retrieve: (id, tenant) => store.get(id, tenant, now())?.response,
    inputItems: (id, tenant) => store.get(id, tenant, now())?.inputItems,
    remove: (id, tenant) => store.delete(id, tenant),
    prune: () => store.prune(now()),
    close: () => store.close(),
  };
}
