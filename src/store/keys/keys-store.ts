/** One client (virtual) key as stored: never the key itself, only its SHA-256 hash and a short prefix. */
export interface KeyRecord {
  /** Stable id (`key_...`), used by the admin API, limits, spend and the audit trail. */
  id: string;
  /** Human name given at creation, e.g. `billing-bot`. */
  name: string;
  /** Hex SHA-256 of the current secret. */
  hash: string;
  /** The first characters of the current secret, shown in listings so people can tell keys apart. */
  prefix: string;
  /** Creation time, epoch ms. */
  createdAtMs: number;
  /** When the key stops working, epoch ms; null for never. */
  expiresAtMs: number | null;
  /** When the key was revoked, epoch ms; null while it is live. */
  revokedAtMs: number | null;
  /** When the secret was last rotated, epoch ms; null if never. */
  rotatedAtMs: number | null;
  /** Requests per minute allowed; null for no limit. */
  rpm: number | null;
  /** Tokens (input + output) per minute allowed; null for no limit. */
  tpm: number | null;
  /** Monthly budget in USD (calendar month, UTC); null for none. */
  budgetUsd: number | null;
  /** Daily budget in USD (UTC day); null for none. */
  budgetDailyUsd: number | null;
  /** Model names (routes) the key may ask for; null for every one. */
  routes: readonly string[] | null;
}

/** Spend to add to one key on one UTC day. */
export interface SpendDelta {
  /** The key. */
  keyId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Cost in USD. */
  usd: number;
  /** Tokens, input and output. */
  tokens: number;
  /** Requests. */
  requests: number;
}

/** Spend of one key for a day and for the month holding it. */
export interface SpendTotals {
  /** USD spent on that UTC day. */
  dayUsd: number;
  /** USD spent in that UTC month. */
  monthUsd: number;
}

/** The `keys` store domain: client keys and their spend. Operation-shaped; memory and SQLite implement it. */
export interface KeysStore {
  /** Adds a new key (its id and hash are unique). */
  insert(record: KeyRecord): void;
  /** The key whose current secret hashes to `hash`, revoked or not; undefined when none. */
  findByHash(hash: string): KeyRecord | undefined;
  /** The key with this id. */
  get(id: string): KeyRecord | undefined;
  /** Every key ever created, revoked ones included, oldest first. */
  list(): KeyRecord[];
  /** Number of keys ever created, revoked ones included. */
  count(): number;
  /** Replaces the secret of a live key; false when the id is unknown or revoked. */
  rotate(options: { id: string; hash: string; prefix: string; atMs: number }): boolean;
  /** Marks a key revoked; false when unknown or already revoked. */
  revoke(id: string, atMs: number): boolean;
  /** Adds spend, all deltas in one transaction. */
  addSpend(deltas: readonly SpendDelta[]): void;
  /** Spend of a key on `day` (`YYYY-MM-DD`) and in its month. */
  spendOf(keyId: string, day: string): SpendTotals;
  /** Releases the backend. */
  close(): void;
}
