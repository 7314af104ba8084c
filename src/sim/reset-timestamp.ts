let cachedSecond = -1;
let cachedValue = '';

/** RFC 3339 time one minute from now, without fractional seconds; formatted at most once per second. */
export function resetTimestamp(nowMs: number = Date.now()): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedValue = `${new Date((second + 60) * 1000).toISOString().slice(0, 19)}Z`;
  }
  return cachedValue;
}
