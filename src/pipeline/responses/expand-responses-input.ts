import { OutlastError } from '../../errors/outlast-error.ts';
import type { ResponseItem, ResponsesStore } from '../../store/responses/responses-store.ts';

/** The input of a request after the ledger resolved its references. */
export interface ExpandedInput {
  /** Items sent upstream: the previous context, then this turn's items with references resolved. */
  items: ResponseItem[];
  /** This turn's items as the client sent them (a string input becomes one user message). */
  turnItems: ResponseItem[];
  /** This turn's items with references resolved: `turnItems` itself when it holds no reference. */
  turnContext: ResponseItem[];
}

function notFound(id: string): OutlastError {
  return new OutlastError('OUTLAST_PREVIOUS_RESPONSE_NOT_FOUND', `Previous response with id '${id}' not found.`, {
    param: 'previous_response_id',
  });
}

/** Items as replayed upstream: ids dropped (another target never saw them), reasoning only when it can be replayed. */
function replayable(item: ResponseItem): ResponseItem | undefined {
  if (item.type === 'reasoning') return typeof item.encrypted_content === 'string' ? item : undefined;
  if (item.id === undefined) return item;
  const { id: _id, ...rest } = item;
  return rest;
}

/**
 * Expands a Responses request against the ledger (reference §11.2 rule 2): `context(previous) ++ input`, with
 * `item_reference`s replaced by the stored items. Unknown or other tenants' ids are OpenAI's 400
 * `previous_response_not_found`; an unknown reference names `input[i]`.
 */
export function expandResponsesInput(
  body: Record<string, unknown>,
  options: { store: ResponsesStore; tenant: string; nowMs: number },
): ExpandedInput {
  const turnItems: ResponseItem[] =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : ((body.input as ResponseItem[] | undefined) ?? []);
  const items: ResponseItem[] = [];
  const previousId = body.previous_response_id;
  if (typeof previousId === 'string') {
    const previous = options.store.context(previousId, options.tenant, options.nowMs);
    if (previous === undefined) throw notFound(previousId);
    for (const item of previous) {
      const kept = replayable(item);
      if (kept !== undefined) items.push(kept);
    }
  }
  let turnContext = turnItems;
  turnItems.forEach((item, index) => {
    if (item.type !== 'item_reference') {
      items.push(item);
      return;
    }
    if (turnContext === turnItems) turnContext = [...turnItems];
    const found =
      typeof item.id === 'string' ? options.store.getItem(item.id, options.tenant, options.nowMs) : undefined;
    if (found === undefined) {
      throw new OutlastError('OUTLAST_PREVIOUS_RESPONSE_NOT_FOUND', `Item with id '${String(item.id)}' not found.`, {
        param: `input[${index}]`,
      });
    }
    turnContext[index] = found;
    const kept = replayable(found);
    if (kept !== undefined) items.push(kept);
  });
  return { items, turnItems, turnContext };
}
