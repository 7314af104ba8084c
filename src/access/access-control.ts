import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientIdentity } from '../core/gateway-request.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import type { KeyRecord, KeysStore, SpendDelta, SpendTotals } from '../store/keys/keys-store.ts';
import { msUntilNextUtcDay, msUntilNextUtcMonth, utcDayOf } from './budget-period.ts';
import { generateClientKey, hashClientKey, hashesMatch, readClientKey, showClientKey } from './client-key.ts';
import { adjustBucket, type BucketRule, type BucketState, createBucketState, takeFromBucket } from './token-bucket.ts';

/** What a new key may do, as the admin API takes it. */
export interface NewKeyLimits {
  /** Human name, e.g. `billing-bot`. */
  name: string;
  /** Requests per minute. */
  rpm?: number | undefined;
  /** Tokens per minute. */
  tpm?: number | undefined;
  /** Monthly budget, USD. */
  budgetUsd?: number | undefined;
  /** Daily budget, USD. */
  budgetDailyUsd?: number | undefined;
  /** Model names (routes) the key may ask for. */
  routes?: readonly string[] | undefined;
  /** Lifetime in seconds. */
  expiresInS?: number | undefined;
}

/** A key with its spend, as the admin API lists it. */
export interface KeyWithSpend {
  /** The stored key (its hash stays inside the gateway). */
  record: KeyRecord;
  /** `active`, `revoked` or `expired`. */
  status: 'active' | 'revoked' | 'expired';
  /** Spend today and this month (UTC). */
  spend: SpendTotals;
}

/** Client keys: the check before dispatch, limits, spend and the admin operations. */
export interface AccessControl {
  /** True once a key has ever been created: from then on, model endpoints require a valid key. */
  enforcing(): boolean;
  /** Checks the request's key (401 when missing, unknown, revoked or expired). Undefined while not enforcing. */
  authenticate(input: { headers: IncomingHttpHeaders; search: string }): ClientIdentity | undefined;
  /** Checks scope (403), budgets and rate limits (429); charges one request and `estimatedTokens` to the buckets. */
  admit(input: { client: ClientIdentity; model: string; estimatedTokens: number }): void;
  /** Settles a request: the token estimate against the real usage, and the cost to the key's spend. */
  settle(input: { client: ClientIdentity; estimatedTokens: number; usedTokens: number; costUsd: number }): void;
  /** Creates a key; the secret is returned once and never stored. */
  createKey(limits: NewKeyLimits): { id: string; key: string };
  /** Every key with its status and spend. */
  listKeys(): KeyWithSpend[];
  /** A new secret for a live key (the old one stops at once); undefined when unknown or revoked. */
  rotateKey(id: string): { id: string; key: string } | undefined;
  /** Revokes a key at once; false when unknown or already revoked. */
  revokeKey(id: string): boolean;
  /** Writes pending spend to the store. */
  flush(): void;
  /** Flushes and stops the timer (the store is closed by its owner). */
  close(): void;
}

/** Per-minute limits run on token buckets of a minute. */
const minuteMs = 60_000;
/** Longest retry-after the official SDKs wait for before retrying. */
const sdkRetryAfterLimitMs = 60_000;

interface KeyState {
  rpm: BucketState | undefined;
  tpm: BucketState | undefined;
  /** Spend cache: the store's totals plus what is pending, for `day`. */
  day: string;
  spend: SpendTotals;
}

function unauthorized(message: string): OutlastError {
  return new OutlastError('OUTLAST_UNAUTHORIZED', message, { shouldRetry: false });
}

/**
 * Client keys over a keys store. A key is looked up by its SHA-256; records read in the last second are reused, and
 * every create, rotate or revoke through this process clears them, so a revoke or rotation takes effect at once
 * (decision 0003); buckets and the spend cache live in this process. Spend is written to the store
 * in batches every `spendFlushMs`, so a budget survives a restart.
 */
export function createAccessControl(options: {
  store: KeysStore;
  now: () => number;
  /** How often pending spend is written (default 1000 ms). */
  spendFlushMs?: number;
}): AccessControl {
  const { store, now } = options;
  let hasKeys = store.count() > 0;
  const states = new Map<string, KeyState>();
  let pending: SpendDelta[] = [];
  // The record read by authenticate, for admit and settle of the same request (no second lookup).
  const recordOf = new WeakMap<ClientIdentity, KeyRecord>();
  // Records of keys seen in the last second. Every change made through this process (create, rotate, revoke) clears
  // it at once; the short age bounds how long a change made by another process sharing the store goes unseen.
  const recent = new Map<string, { record: KeyRecord; readAtMs: number }>();
  const recentMaxAgeMs = 1000;
  const recentMaxEntries = 10_000;
  function findKey(hash: string, nowMs: number): KeyRecord | undefined {
    const seen = recent.get(hash);
    if (seen !== undefined && nowMs - seen.readAtMs < recentMaxAgeMs) return seen.record;
    const record = store.findByHash(hash);
    if (record === undefined) {
      recent.delete(hash);
      return undefined;
    }
    if (recent.size >= recentMaxEntries) recent.clear();
    recent.set(hash, { record, readAtMs: nowMs });
    return record;
  }

  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    store.addSpend(batch);
  };
  const timer = setInterval(flush, options.spendFlushMs ?? 1000);
  timer.unref();

  function stateOf(keyId: string, nowMs: number): KeyState {
    const day = utcDayOf(nowMs);
    let state = states.get(keyId);
    if (state === undefined) {
      flush();
      state = { rpm: undefined, tpm: undefined, day, spend: store.spendOf(keyId, day) };
      states.set(keyId, state);
    } else if (state.day !== day) {
      flush();
      state.day = day;
      state.spend = store.spendOf(keyId, day);
    }
    return state;
  }

  function statusOf(record: KeyRecord, nowMs: number): KeyWithSpend['status'] {
    if (record.revokedAtMs !== null) return 'revoked';
    if (record.expiresAtMs !== null && record.expiresAtMs <= nowMs) return 'expired';
    return 'active';
  }

  function checkBudgets(record: KeyRecord, state: KeyState, nowMs: number): void {
    if (record.budgetDailyUsd !== null && state.spend.dayUsd >= record.budgetDailyUsd) {
      throw new OutlastError(
        'OUTLAST_BUDGET_EXCEEDED',
        `The daily budget of this key ($${record.budgetDailyUsd}) is spent; it starts over at 00:00 UTC.`,
        { retryAfterMs: msUntilNextUtcDay(nowMs), shouldRetry: false },
      );
    }
    if (record.budgetUsd !== null && state.spend.monthUsd >= record.budgetUsd) {
      throw new OutlastError(
        'OUTLAST_BUDGET_EXCEEDED',
        `The monthly budget of this key ($${record.budgetUsd}) is spent; it starts over on the 1st (UTC).`,
        { retryAfterMs: msUntilNextUtcMonth(nowMs), shouldRetry: false },
      );
    }
  }

  function checkRates(record: KeyRecord, state: KeyState, estimatedTokens: number, nowMs: number): void {
    const rpmRule: BucketRule | undefined =
      record.rpm === null ? undefined : { capacity: record.rpm, periodMs: minuteMs };
    const tpmRule: BucketRule | undefined =
      record.tpm === null ? undefined : { capacity: record.tpm, periodMs: minuteMs };
    const rpm =
      rpmRule === undefined
        ? undefined
        : takeFromBucket({ state: state.rpm ?? createBucketState(rpmRule, nowMs), rule: rpmRule, amount: 1, nowMs });
    const tpm =
      tpmRule === undefined
        ? undefined
        : takeFromBucket({
            state: state.tpm ?? createBucketState(tpmRule, nowMs),
            rule: tpmRule,
            amount: estimatedTokens,
            nowMs,
          });
    if (rpm?.allowed === false || tpm?.allowed === false) {
      // Neither bucket is charged for a refused request.
      const which = rpm?.allowed === false ? `${record.rpm} requests` : `${record.tpm} tokens`;
      const retryAfterMs = Math.max(rpm?.retryAfterMs ?? 0, tpm?.retryAfterMs ?? 0);
      // The SDKs honour a retry-after up to 60 s; past it they would retry at once, so tell them not to.
      throw new OutlastError('OUTLAST_KEY_RATE_LIMITED', `This key is limited to ${which} per minute.`, {
        retryAfterMs,
        ...(retryAfterMs > sdkRetryAfterLimitMs ? { shouldRetry: false } : {}),
      });
    }
    if (rpm !== undefined) state.rpm = rpm.state;
    if (tpm !== undefined) state.tpm = tpm.state;
  }

  function issue(): { key: string; hash: string; prefix: string } {
    const key = generateClientKey();
    return { key, hash: hashClientKey(key), prefix: showClientKey(key) };
  }

  return {
    enforcing: () => hasKeys,
    authenticate({ headers, search }) {
      if (!hasKeys) return undefined;
      const key = readClientKey(headers, search);
      if (key === undefined) {
        throw unauthorized('A client key is required: send it as Authorization: Bearer <key> or x-api-key.');
      }
      const hash = hashClientKey(key);
      const nowMs = now();
      const record = findKey(hash, nowMs);
      // The lookup is by hash; the constant-time comparison guards against a backend that matched loosely.
      if (record === undefined || !hashesMatch(record.hash, hash)) throw unauthorized('The client key is not valid.');
      const status = statusOf(record, nowMs);
      if (status === 'revoked') throw unauthorized('The client key has been revoked.');
      if (status === 'expired') throw unauthorized('The client key has expired.');
      const client = { keyId: record.id, keyName: record.name };
      recordOf.set(client, record);
      return client;
    },
    admit({ client, model, estimatedTokens }) {
      const record = recordOf.get(client) ?? store.get(client.keyId);
      if (record === undefined || record.revokedAtMs !== null) throw unauthorized('The client key has been revoked.');
      if (record.routes !== null && !record.routes.includes(model)) {
        throw new OutlastError(
          'OUTLAST_FORBIDDEN_ROUTE',
          model === ''
            ? `This key is limited to ${record.routes.join(', ')}: it may not use a vendor path that names no model.`
            : `This key may not use the model \`${model}\`; it is limited to: ${record.routes.join(', ')}.`,
          { param: 'model', shouldRetry: false },
        );
      }
      const nowMs = now();
      const state = stateOf(record.id, nowMs);
      checkBudgets(record, state, nowMs);
      checkRates(record, state, estimatedTokens, nowMs);
    },
    settle({ client, estimatedTokens, usedTokens, costUsd }) {
      const nowMs = now();
      const state = stateOf(client.keyId, nowMs);
      if (state.tpm !== undefined) {
        const record = recordOf.get(client) ?? store.get(client.keyId);
        if (record?.tpm != null) {
          state.tpm = adjustBucket(
            state.tpm,
            { capacity: record.tpm, periodMs: minuteMs },
            usedTokens - estimatedTokens,
          );
        }
      }
      state.spend = { dayUsd: state.spend.dayUsd + costUsd, monthUsd: state.spend.monthUsd + costUsd };
      pending.push({ keyId: client.keyId, day: state.day, usd: costUsd, tokens: usedTokens, requests: 1 });
    },
    createKey(limits) {
      recent.clear();
      const createdAtMs = now();
      const { key, hash, prefix } = issue();
      const id = `key_${randomBytes(8).toString('hex')}`;
      store.insert({
        id,
        name: limits.name,
        hash,
        prefix,
        createdAtMs,
        expiresAtMs: limits.expiresInS === undefined ? null : createdAtMs + limits.expiresInS * 1000,
        revokedAtMs: null,
        rotatedAtMs: null,
        rpm: limits.rpm ?? null,
        tpm: limits.tpm ?? null,
        budgetUsd: limits.budgetUsd ?? null,
        budgetDailyUsd: limits.budgetDailyUsd ?? null,
        routes: limits.routes === undefined ? null : [...limits.routes],
      });
      hasKeys = true;
      return { id, key };
    },
    listKeys() {
      const nowMs = now();
      return store.list().map((record) => ({
        record,
        status: statusOf(record, nowMs),
        spend: stateOf(record.id, nowMs).spend,
      }));
    },
    rotateKey(id) {
      recent.clear();
      const { key, hash, prefix } = issue();
      return store.rotate({ id, hash, prefix, atMs: now() }) ? { id, key } : undefined;
    },
    revokeKey(id) {
      recent.clear();
      const revoked = store.revoke(id, now());
      if (revoked) states.delete(id);
      return revoked;
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
