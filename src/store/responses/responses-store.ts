/**
 * The response ledger's storage, version `outlast-responses-store-v2`: every Responses answer Outlast served with
 * `store` not false, so `previous_response_id` and `item_reference` work whichever provider serves the next turn
 * (reference openai-responses.md §11). Times are epoch ms.
 *
 * v2 keeps one turn per answer and a pointer to the answer it continued, so a conversation of n turns costs n turns
 * of storage (v1 kept each answer's whole context: n²/2). The whole context is put together when a next turn asks
 * for it. Answers whose `expiresAt` has passed are no longer visible, but are kept while a later answer of their
 * conversation is, because that answer's context runs through them.
 */

/** One item of a Responses conversation (a message, a function call or its output, a reasoning item...). */
export type ResponseItem = Record<string, unknown>;

/** One stored response. */
export interface StoredResponse {
  /** The response id the client saw (`resp_...`). */
  id: string;
  /** Who may chain on it: the client key's id when keys exist, else ''. Other tenants get "not found". */
  tenant: string;
  /** When it was stored. */
  createdAt: number;
  /** When it stops being visible (retrieved, chained on, referenced). */
  expiresAt: number;
  /** Provider id that served it. */
  provider: string;
  /** The stored response this turn continued (`previous_response_id`), whose context comes first; none for a first turn. */
  previousId: string | undefined;
  /** What this turn put into the conversation before its answer: the input items, `item_reference`s resolved. */
  turnContext: readonly ResponseItem[];
  /** The items of this turn's input as sent (for `GET /v1/responses/{id}/input_items`). */
  inputItems: readonly ResponseItem[];
  /** The final Response object as the client received it; its `output` ends the turn's context. */
  response: Record<string, unknown>;
}

/** Operations the ledger needs. Implementations: memory and SQLite; one contract suite (test/stores). */
export interface ResponsesStore {
  /** The response, when it exists, belongs to `tenant` and has not expired at `nowMs`. */
  get(id: string, tenant: string, nowMs: number): StoredResponse | undefined;
  /**
   * The whole conversation after a visible response, oldest item first: every earlier turn's context and output,
   * then its own. Undefined when the response is not visible to `tenant` at `nowMs`.
   */
  context(id: string, tenant: string, nowMs: number): ResponseItem[] | undefined;
  /**
   * Stores (or replaces) a response and indexes its items by id; readable at once, durable within moments.
   * `wholeContext` gives the conversation in full after this turn; the store asks for it only when the response
   * `previousId` names has gone meanwhile (deleted while this turn was served), and then keeps it whole.
   */
  put(entry: StoredResponse, wholeContext: () => readonly ResponseItem[]): void;
  /** An item of a stored, visible response of `tenant`, by item id (for `item_reference`). */
  getItem(itemId: string, tenant: string, nowMs: number): ResponseItem | undefined;
  /**
   * Deletes a visible response of `tenant`; false when there was none. Responses that continued it keep their whole
   * context (it is copied into them first), so their conversations still work.
   */
  delete(id: string, tenant: string, nowMs: number): boolean;
  /** Deletes the responses of conversations with no visible response left at `nowMs`; returns how many. */
  prune(nowMs: number): number;
  /** Releases the backend. */
  close(): void;
}

/** The items of a stored turn that can be referenced by id: its input as sent, then its output. */
export function itemsOf(entry: Pick<StoredResponse, 'inputItems' | 'response'>): ResponseItem[] {
  return [...entry.inputItems, ...outputOf(entry.response)];
}

/** The `output` items of a Response object. */
export function outputOf(response: Record<string, unknown>): ResponseItem[] {
  return Array.isArray(response.output) ? (response.output as ResponseItem[]) : [];
}
