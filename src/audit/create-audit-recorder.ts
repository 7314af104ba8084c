import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AuditConfig } from '../config/schema.ts';
import { events } from '../pipeline/events.ts';
import type { AuditAttempt, AuditRecord, AuditStore } from '../store/audit/audit-store.ts';

/** Records written per transaction at most; reaching it flushes without waiting for the timer. */
export const auditBatchSize = 500;
/** Records kept in memory while the store refuses writes (disk full); the oldest go first beyond it. */
const maxQueuedRecords = 50_000;
const dayMs = 86_400_000;
const pruneEveryMs = 3_600_000;

/** The audit trail's writer: a queue flushed off the hot path, one transaction per batch. */
export interface AuditRecorder {
  /** True when `audit.enabled`. */
  enabled(): boolean;
  /** True when prompts and answers are recorded too (`audit.include_bodies`). */
  includeBodies(): boolean;
  /** Starts collecting the upstream attempts of a request (from the pipeline's `attempt:end` events). */
  begin(requestId: string): void;
  /** Finishes a request: attaches the attempts collected for it and queues the record. */
  end(record: Omit<AuditRecord, 'attempts'>): void;
  /** Writes the queue now, in one transaction. */
  flush(): void;
  /** Flushes and stops listening and timers (the store is closed by its owner). */
  close(): void;
}

interface AttemptEndMessage {
  requestId: string;
  provider: string;
  model: string;
  reason: string;
  ttfbMs?: number | undefined;
  latencyMs?: number | undefined;
}

/** The retention cut-off: records that arrived before it are deleted. */
export function retentionCutoffMs(nowMs: number, retentionDays: number): number {
  return nowMs - retentionDays * dayMs;
}

/**
 * Creates the recorder. Records wait in memory and are written every `audit.flush_interval_ms` or every
 * `auditBatchSize` records, whichever comes first: a crash loses at most the last interval, and what was written
 * survives (SQLite WAL). Attempts are collected by request id from `outlast:attempt:end`.
 */
export function createAuditRecorder(options: {
  store: AuditStore;
  config: () => AuditConfig;
  now: () => number;
  /** Logs a failed write (the records stay queued). */
  logError?: (message: string, fields: Record<string, unknown>) => void;
}): AuditRecorder {
  const { store, config, now } = options;
  let queue: AuditRecord[] = [];
  const attempts = new Map<string, AuditAttempt[]>();
  let flushTimer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let closed = false;

  const onAttemptEnd = (message: unknown) => {
    const attempt = message as AttemptEndMessage;
    const list = attempts.get(attempt.requestId);
    if (list === undefined) return;
    list.push({
      provider: attempt.provider,
      model: attempt.model,
      outcome: attempt.reason,
      ttfbMs: attempt.ttfbMs ?? null,
      latencyMs: attempt.latencyMs ?? null,
    });
  };
  subscribe(events.attemptEnd.name, onAttemptEnd);

  function flush(): void {
    if (immediate !== undefined) {
      clearImmediate(immediate);
      immediate = undefined;
    }
    while (queue.length > 0) {
      const batch = queue.slice(0, auditBatchSize);
      try {
        store.append(batch);
      } catch (error) {
        options.logError?.('audit write failed; records kept in memory', { error: String(error) });
        if (queue.length > maxQueuedRecords) queue = queue.slice(queue.length - maxQueuedRecords);
        return;
      }
      queue = queue.slice(batch.length);
    }
  }

  function schedule(): void {
    if (closed) return;
    flushTimer = setTimeout(() => {
      flush();
      schedule();
    }, config().flush_interval_ms);
    flushTimer.unref();
  }
  schedule();

  function prune(): void {
    try {
      store.prune(retentionCutoffMs(now(), config().retention_days));
    } catch (error) {
      options.logError?.('audit retention pruning failed', { error: String(error) });
    }
  }
  prune();
  const pruneTimer = setInterval(prune, pruneEveryMs);
  pruneTimer.unref();

  return {
    enabled: () => config().enabled,
    includeBodies: () => config().include_bodies,
    begin(requestId) {
      if (config().enabled) attempts.set(requestId, []);
    },
    end(record) {
      const collected = attempts.get(record.requestId);
      attempts.delete(record.requestId);
      if (!config().enabled) return;
      queue.push({ ...record, attempts: collected ?? [] });
      if (queue.length >= auditBatchSize && immediate === undefined) immediate = setImmediate(flush);
    },
    flush,
    close() {
      closed = true;
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      clearInterval(pruneTimer);
      unsubscribe(events.attemptEnd.name, onAttemptEnd);
      flush();
    },
  };
}
