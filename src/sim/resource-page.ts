/** One page of a listing. */
export interface Page<T> {
  /** The items of the page, in listing order. */
  items: T[];
  /** Whether more items follow in the direction of the listing. */
  hasMore: boolean;
}

/** Options of a page. */
export interface PageOptions {
  /** Items after this id (in listing order); an unknown id gives an empty page. */
  afterId?: string | null | undefined;
  /** Items immediately before this id (Anthropic `before_id`). */
  beforeId?: string | null | undefined;
  /** Page size. */
  limit: number;
}

/** The limit of a listing: the query's value clamped to `[1, max]`, or the default. */
export function pageLimit(text: string | null, fallback: number, max: number): number {
  const value = Number(text ?? fallback);
  return Number.isInteger(value) ? Math.max(1, Math.min(max, value)) : fallback;
}

/** Cuts a page out of a listing (cursor ids as Anthropic's `after_id`/`before_id` and OpenAI's `after`). */
export function pageOf<T extends { id: string }>(listing: readonly T[], options: PageOptions): Page<T> {
  const { afterId, beforeId, limit } = options;
  if (beforeId !== undefined && beforeId !== null && beforeId !== '') {
    const end = listing.findIndex((item) => item.id === beforeId);
    if (end === -1) return { items: [], hasMore: false };
    const start = Math.max(0, end - limit);
    return { items: listing.slice(start, end), hasMore: start > 0 };
  }
  let start = 0;
  if (afterId !== undefined && afterId !== null && afterId !== '') {
    const at = listing.findIndex((item) => item.id === afterId);
    if (at === -1) return { items: [], hasMore: false };
    start = at + 1;
  }
  const items = listing.slice(start, start + limit);
  return { items, hasMore: start + items.length < listing.length };
}
