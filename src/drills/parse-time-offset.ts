const durationPattern = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const clockPattern = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Milliseconds of a duration like `5m`, `1h30m`, `90s`; undefined when it is not one (pure). */
export function parseDurationMs(text: string): number | undefined {
  const match = durationPattern.exec(text);
  if (match === null || text.length === 0) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return (Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
}

/**
 * The offset from the scenario start of an `at` value (pure): `+5m` is 5 minutes after the start, `11:49` is that
 * UTC time of the start's day (or the next day when earlier than the start). Undefined when malformed.
 */
export function parseTimeOffset(at: string, startMs: number): number | undefined {
  if (at.startsWith('+')) return parseDurationMs(at.slice(1));
  const match = clockPattern.exec(at);
  if (match === null) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const day = new Date(startMs);
  let atMs = Date.UTC(
    day.getUTCFullYear(),
    day.getUTCMonth(),
    day.getUTCDate(),
    Number(hours),
    Number(minutes),
    Number(seconds),
  );
  if (atMs < startMs) atMs += 86_400_000;
  return atMs - startMs;
}
