/** The UTC day of a time, `YYYY-MM-DD`: the unit spend is kept in. */
export function utcDayOf(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Milliseconds from `timeMs` to the next UTC midnight (when a daily budget starts over). */
export function msUntilNextUtcDay(timeMs: number): number {
  const date = new Date(timeMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1) - timeMs;
}

/** Milliseconds from `timeMs` to the first of next month, UTC (when a monthly budget starts over). */
export function msUntilNextUtcMonth(timeMs: number): number {
  const date = new Date(timeMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - timeMs;
}
