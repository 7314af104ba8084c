import type { UpstreamHeaders } from '../core/provider-adapter.ts';

/** Largest wait the gateway will honour from an upstream hint (A12.3). */
export const maxRetryAfterMs = 60_000;

function header(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads how long an upstream explicitly asks us to wait, in ms: `retry-after-ms`, then `retry-after`
 * (delta-seconds or HTTP-date). Undefined when neither is usable; never negative.
 */
export function parseRetryAfterMs(headers: UpstreamHeaders, nowMs: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = header(headers, 'retry-after');
  if (after !== undefined) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return undefined;
}

/**
 * How long a rate-limited target should cool down: the explicit retry-after hint, else the earliest Anthropic
 * `anthropic-ratelimit-*-reset` (RFC 3339) or OpenAI `x-ratelimit-reset-*` (Go duration such as `6m0s`). Only
 * meaningful on a 429: on other statuses these headers describe the quota window, not a retry hint.
 * @see https://platform.claude.com/docs/en/api/rate-limits
 */
export function parseRateLimitWaitMs(headers: UpstreamHeaders, nowMs: number): number | undefined {
  const explicit = parseRetryAfterMs(headers, nowMs);
  if (explicit !== undefined) return explicit;
  let earliest: number | undefined;
  for (const name of ['anthropic-ratelimit-requests-reset', 'anthropic-ratelimit-tokens-reset']) {
    const value = header(headers, name);
    if (value === undefined) continue;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) earliest = Math.min(earliest ?? Number.POSITIVE_INFINITY, Math.max(0, date - nowMs));
  }
  for (const name of ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']) {
    const value = header(headers, name);
    if (value === undefined) continue;
    const duration = parseGoDurationMs(value);
    if (duration !== undefined) earliest = Math.min(earliest ?? Number.POSITIVE_INFINITY, duration);
  }
  return earliest;
}

const goDuration = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** Parses a Go-style duration (`12ms`, `1s`, `6m0s`, `1h2m3.5s`) into ms; undefined when it is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  let total = 0;
  let consumed = 0;
  goDuration.lastIndex = 0;
  for (let match = goDuration.exec(text); match !== null; match = goDuration.exec(text)) {
    const amount = Number(match[1]);
    const unit = match[2];
    total += unit === 'h' ? amount * 3_600_000 : unit === 'm' ? amount * 60_000 : unit === 's' ? amount * 1000 : amount;
    consumed += match[0].length;
  }
  return consumed > 0 && consumed === text.trim().length ? total : undefined;
}
