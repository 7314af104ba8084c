import { channel } from 'node:diagnostics_channel';

/**
 * Events of the request path, published on `node:diagnostics_channel` as `outlast:<noun>:<verb>` so the monitor,
 * metrics and tests can subscribe without the pipeline knowing them. Publishing is a no-op without subscribers.
 */
export const events = {
  /** A target's breaker opened: `{ provider, model, from, snapshot }`. */
  breakerOpen: channel('outlast:breaker:open'),
  /** A target's breaker closed after a successful probe: `{ provider, model, from, snapshot }`. */
  breakerClose: channel('outlast:breaker:close'),
  /** A target went into a rate-limit cool-down: `{ provider, model, coolDownMs }`. */
  targetCoolDown: channel('outlast:target:cool-down'),
  /** A target was disabled after a quota or credential error: `{ provider, model, reason }`. */
  targetDisable: channel('outlast:target:disable'),
  /**
   * An upstream attempt ended: `{ requestId, provider, model, reason, ttfbMs, latencyMs, registry }`; `reason` is
   * `ok` or classifyOutcome's reason (`client-400` included); `registry` tells gateways in one process apart.
   */
  attemptEnd: channel('outlast:attempt:end'),
  /** The same target is tried again after a wait: `{ requestId, provider, model, delayMs, reason }`. */
  attemptRetry: channel('outlast:attempt:retry'),
  /** The request moves on to another target: `{ requestId, from, reason, registry }`. */
  attemptFailover: channel('outlast:attempt:failover'),
  /** A hedge was sent: `{ requestId, provider, model, delayMs }`. */
  attemptHedge: channel('outlast:attempt:hedge'),
  /**
   * An attempt's outcome was applied to its target, when its body is over (streams: at their end):
   * `{ provider, model, reason, ttfbMs, latencyMs }` (reason `ok` for a complete answer).
   */
  targetOutcome: channel('outlast:target:outcome'),
  /** The answer cache served or passed a request on a cached route: `{ requestId, route, status, similarity? }`. */
  cacheLookup: channel('outlast:cache:lookup'),
  /** The degradation ladder answered after every target failed: `{ requestId, route, rung, code }`. */
  requestDegrade: channel('outlast:request:degrade'),
} as const;
