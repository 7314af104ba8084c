const dayMs = 86_400_000;
let lastDay = { startMs: 0, text: '1970-01-01' };

/** The UTC day of a time, `YYYY-MM-DD`: the unit spend is kept in (the last day computed is reused: hot path). */
export function utcDayOf(timeMs: number): string {
  const startMs = Math.floor(timeMs / dayMs) * dayMs;
  if (startMs !== lastDay.startMs) lastDay = { startMs, text: new Date(startMs).toISOString().slice(0, 10) };
  return lastDay.text;
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
