import type { ResponseItem } from './responses-store.ts';

/** One stored turn as a backend reads it to put a context together. */
export interface ContextLink {
  /** The turn it continued; none for a first turn. */
  previousId: string | undefined;
  /** The whole context after this turn, when the turn holds it itself (written by v1, or its previous was deleted). */
  wholeContext: readonly ResponseItem[] | undefined;
  /** The turn's own items before its answer. */
  turnContext: readonly ResponseItem[];
  /** The answer's output items. */
  output: readonly ResponseItem[];
}

/** Longer chains are treated as broken (a guard against a corrupt store, far beyond any real conversation). */
const maxTurns = 100_000;

/**
 * The whole context after `head`: walks back through `lookup` to the first turn (or to a turn that holds its whole
 * context), then lays every turn's items and output end to end, oldest first. Undefined when a link is missing.
 */
export function assembleContext(
  head: ContextLink,
  lookup: (id: string) => ContextLink | undefined,
): ResponseItem[] | undefined {
  const chain: ContextLink[] = [];
  let link: ContextLink | undefined = head;
  for (;;) {
    chain.push(link);
    if (link.wholeContext !== undefined || link.previousId === undefined) break;
    if (chain.length >= maxTurns) return undefined;
    link = lookup(link.previousId);
    if (link === undefined) return undefined;
  }
  const items: ResponseItem[] = [];
  const append = (source: readonly ResponseItem[]) => {
    for (const item of source) items.push(item);
  };
  for (let index = chain.length - 1; index >= 0; index--) {
    const turn = chain[index]!;
    if (turn.wholeContext !== undefined) {
      append(turn.wholeContext);
      continue;
    }
    append(turn.turnContext);
    append(turn.output);
  }
  return items;
}
