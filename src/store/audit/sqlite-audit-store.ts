import { openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import type { AuditAttempt, AuditRecord, AuditStore } from './audit-store.ts';

const migrations = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_requests (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        key_id TEXT,
        format TEXT NOT NULL,
        operation TEXT NOT NULL,
        model TEXT NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        error_code TEXT,
        provider TEXT,
        target_model TEXT,
        fallback INTEGER NOT NULL,
        cache TEXT,
        degraded TEXT,
        duration_ms INTEGER NOT NULL,
        input_tokens INTEGER,
        cached_input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        request_body TEXT,
        response_body TEXT
      );
      CREATE INDEX audit_requests_time ON audit_requests (time_ms);
      CREATE TABLE audit_attempts (
        request_seq INTEGER NOT NULL REFERENCES audit_requests (seq) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        outcome TEXT NOT NULL,
        ttfb_ms INTEGER,
        latency_ms INTEGER,
        PRIMARY KEY (request_seq, position)
      );
    `,
  },
];

interface RequestRow {
  seq: number;
  request_id: string;
  time_ms: number;
  key_id: string | null;
  format: string;
  operation: string;
  model: string;
  stream: number;
  status: number;
  error_code: string | null;
  provider: string | null;
  target_model: string | null;
  fallback: number;
  cache: string | null;
  degraded: string | null;
  duration_ms: number;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  request_body: string | null;
  response_body: string | null;
}

interface AttemptRow {
  provider: string;
  model: string;
  outcome: string;
  ttfb_ms: number | null;
  latency_ms: number | null;
}

function toRecord(row: RequestRow, attempts: AuditAttempt[]): AuditRecord {
  return {
    requestId: row.request_id,
    timeMs: row.time_ms,
    keyId: row.key_id,
    format: row.format,
    operation: row.operation,
    model: row.model,
    stream: row.stream === 1,
    status: row.status,
    errorCode: row.error_code,
    provider: row.provider,
    targetModel: row.target_model,
    fallback: row.fallback === 1,
    cache: row.cache,
    degraded: row.degraded,
    durationMs: row.duration_ms,
    inputTokens: row.input_tokens,
    cachedInputTokens: row.cached_input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    attempts,
    requestBody: row.request_body,
    responseBody: row.response_body,
  };
}

/** The audit trail in `<dataDir>/audit.db` (or `:memory:`). */
export function createSqliteAuditStore(file: string): AuditStore {
  const database = openSqliteDatabase(file, 'audit', migrations);
  const insertRequest = database.prepare(
    `INSERT INTO audit_requests (request_id, time_ms, key_id, format, operation, model, stream, status, error_code,
       provider, target_model, fallback, cache, degraded, duration_ms, input_tokens, cached_input_tokens,
       output_tokens, cost_usd, request_body, response_body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = database.prepare(
    `INSERT INTO audit_attempts (request_seq, position, provider, model, outcome, ttfb_ms, latency_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectRange = database.prepare(
    'SELECT * FROM audit_requests WHERE time_ms >= ? AND time_ms < ? ORDER BY time_ms, seq',
  );
  const selectAttempts = database.prepare(
    'SELECT provider, model, outcome, ttfb_ms, latency_ms FROM audit_attempts WHERE request_seq = ? ORDER BY position',
  );
  const countRange = database.prepare('SELECT count(*) AS n FROM audit_requests WHERE time_ms >= ? AND time_ms < ?');
  const pruneAttempts = database.prepare(
    'DELETE FROM audit_attempts WHERE request_seq IN (SELECT seq FROM audit_requests WHERE time_ms < ?)',
  );
  const pruneRequests = database.prepare('DELETE FROM audit_requests WHERE time_ms < ?');
  const until = (range: { untilMs?: number | undefined }) => range.untilMs ?? Number.MAX_SAFE_INTEGER;
  return {
    append(records) {
      if (records.length === 0) return;
      runInTransaction(database, () => {
        for (const record of records) {
          const { lastInsertRowid } = insertRequest.run(
            record.requestId,
            record.timeMs,
            record.keyId,
            record.format,
            record.operation,
            record.model,
            record.stream ? 1 : 0,
            record.status,
            record.errorCode,
            record.provider,
            record.targetModel,
            record.fallback ? 1 : 0,
            record.cache,
            record.degraded,
            Math.round(record.durationMs),
            record.inputTokens,
            record.cachedInputTokens,
            record.outputTokens,
            record.costUsd,
            record.requestBody,
            record.responseBody,
          );
          record.attempts.forEach((attempt, position) => {
            insertAttempt.run(
              lastInsertRowid,
              position,
              attempt.provider,
              attempt.model,
              attempt.outcome,
              attempt.ttfbMs === null ? null : Math.round(attempt.ttfbMs),
              attempt.latencyMs === null ? null : Math.round(attempt.latencyMs),
            );
          });
        }
      });
    },
    *scan(range) {
      for (const row of selectRange.iterate(range.sinceMs, until(range)) as Iterable<RequestRow>) {
        const attempts = (selectAttempts.all(row.seq) as unknown as AttemptRow[]).map((attempt) => ({
          provider: attempt.provider,
          model: attempt.model,
          outcome: attempt.outcome,
          ttfbMs: attempt.ttfb_ms,
          latencyMs: attempt.latency_ms,
        }));
        yield toRecord(row, attempts);
      }
    },
    count: (range) => Number((countRange.get(range.sinceMs, until(range)) as { n: number }).n),
    prune(beforeMs) {
      return runInTransaction(database, () => {
        pruneAttempts.run(beforeMs);
        return Number(pruneRequests.run(beforeMs).changes);
      });
    },
    close() {
      database.close();
    },
  };
}
