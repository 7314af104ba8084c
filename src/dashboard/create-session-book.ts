import { randomBytes } from 'node:crypto';

/** Dashboard sessions: random ids in an HttpOnly cookie, never the admin key itself. */
export interface SessionBook {
  /** Opens a session; returns its id (256 random bits, base64url). */
  open(): string;
  /** True when the id names a live session (and slides its expiry). */
  isValid(id: string | undefined): boolean;
  /** Ends a session. */
  close(id: string | undefined): void;
}

/** Creates the session book: sessions live in memory (a restart logs everyone out) and expire after `ttlMs` idle. */
export function createSessionBook(options: {
  now: () => number;
  ttlMs?: number;
  randomId?: () => string;
  maxSessions?: number;
}): SessionBook {
  const ttlMs = options.ttlMs ?? 12 * 3_600_000;
  const maxSessions = options.maxSessions ?? 1000;
  const randomId = options.randomId ?? (() => randomBytes(32).toString('base64url'));
  const expiries = new Map<string, number>();
  function prune(nowMs: number): void {
    for (const [id, expiresAt] of expiries) if (expiresAt <= nowMs) expiries.delete(id);
    // Oldest first (insertion order): a flood of logins cannot grow memory without bound.
    while (expiries.size >= maxSessions) expiries.delete(expiries.keys().next().value as string);
  }
  return {
    open() {
      const nowMs = options.now();
      prune(nowMs);
      const id = randomId();
      expiries.set(id, nowMs + ttlMs);
      return id;
    },
    isValid(id) {
      if (id === undefined || id === '') return false;
      const expiresAt = expiries.get(id);
      const nowMs = options.now();
      if (expiresAt === undefined) return false;
      if (expiresAt <= nowMs) {
        expiries.delete(id);
        return false;
      }
      expiries.set(id, nowMs + ttlMs);
      return true;
    },
    close(id) {
      if (id !== undefined) expiries.delete(id);
    },
  };
}
