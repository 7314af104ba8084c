const unitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** Seconds in a duration such as `90d`, `12h`, `30m`, `45s`, `2w` or a bare number of seconds; undefined if invalid. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const unit = unitSeconds[trimmed.slice(-1)];
  const digits = unit === undefined ? trimmed : trimmed.slice(0, -1);
  if (!/^\d+$/.test(digits)) return undefined;
  const seconds = Number(digits) * (unit ?? 1);
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}
