/**
 * The response ledger's storage, version `outlast-responses-store-v1`: every Responses answer Outlast served with
 * `store` not false, so `previous_response_id` and `item_reference` work whichever provider serves the next turn
 * (reference openai-responses.md §11). Times are epoch ms.
 */

/** One stored response. */
export interface StoredResponse {
  /** The response id the client saw (`resp_...`). */
  id: string;
  /** Who may chain on it: the client key's id when keys exist, else ''. Other tenants get "not found". */
  tenant: string;
  /** When it was stored. */
  createdAt: number;
  /** When it stops being usable. */
  expiresAt: number;
  /** Provider id that served it. */
  provider: string;
  /** The full context after this turn: expanded input items, then output items, replayable to any target. */
  context: readonly Record<string, unknown>[];
  /** The items of this turn's input as sent (for `GET /v1/responses/{id}/input_items`). */
  inputItems: readonly Record<string, unknown>[];
  /** The final Response object as the client received it. */
  response: Record<string, unknown>;
}

/** Operations the ledger needs. Implementations: memory and SQLite. */
export interface ResponsesStore {
  /** The response, when it exists, belongs to `tenant` and has not expired at `nowMs`. */
  get(id: string, tenant: string, nowMs: number): StoredResponse | undefined;
  /** Stores (or replaces) a response and indexes its items by id; durable when it returns. */
  put(entry: StoredResponse): void;
  /** An item of a stored, unexpired response of `tenant`, by item id (for `item_reference`). */
  getItem(itemId: string, tenant: string, nowMs: number): Record<string, unknown> | undefined;
  /** Deletes a response of `tenant`; false when there was none. */
  delete(id: string, tenant: string): boolean;
  /** Deletes expired responses; returns how many. */
  prune(nowMs: number): number;
  /** Releases the backend. */
  close(): void;
}
