import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type Migration, openSqliteDatabase, runInTransaction } from '../sqlite-database.ts';
import type { CallbackState, JobError, JobRecord, JobSettlement, JobStatus, JobsStore, NewJob } from './jobs-store.ts';
import { settledJob } from './settled-job.ts';

/** Schema steps of the `jobs` domain. */
export const jobsMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  format TEXT NOT NULL,
  operation TEXT NOT NULL,
  request TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  pass_headers TEXT NOT NULL,
  callback_url TEXT,
  idempotency_key TEXT,
  priority INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  deadline_at_ms INTEGER NOT NULL,
  max_attempts INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  next_attempt_at_ms INTEGER NOT NULL,
  lease_until_ms INTEGER,
  lease_token TEXT,
  started_at_ms INTEGER,
  finished_at_ms INTEGER,
  result TEXT,
  error TEXT,
  callback_state TEXT NOT NULL,
  callback_attempts INTEGER NOT NULL,
  callback_next_at_ms INTEGER,
  callback_last_error TEXT
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (status, priority DESC, created_at_ms) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (lease_until_ms) WHERE status = 'running';
CREATE INDEX jobs_callbacks ON jobs (callback_next_at_ms) WHERE callback_state = 'pending';
CREATE INDEX jobs_created ON jobs (created_at_ms);
CREATE INDEX jobs_status ON jobs (status, created_at_ms);
CREATE INDEX jobs_finished ON jobs (finished_at_ms) WHERE finished_at_ms IS NOT NULL;
`,
  },
];

type Row = Record<string, string | number | null>;

const text = (value: string | number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const integer = (value: string | number | null | undefined): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

function fromRow(row: Row): JobRecord {
  const error = text(row.error);
  return {
    id: String(row.id),
    owner: row.owner === '' ? undefined : text(row.owner),
    format: row.format as JobRecord['format'],
    operation: String(row.operation),
    request: String(row.request),
    requestHash: String(row.request_hash),
    passHeaders: JSON.parse(String(row.pass_headers)) as Record<string, string>,
    callbackUrl: text(row.callback_url),
    idempotencyKey: text(row.idempotency_key),
    priority: Number(row.priority),
    createdAtMs: Number(row.created_at_ms),
    deadlineAtMs: Number(row.deadline_at_ms),
    maxAttempts: Number(row.max_attempts),
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    updatedAtMs: Number(row.updated_at_ms),
    nextAttemptAtMs: Number(row.next_attempt_at_ms),
    leaseUntilMs: integer(row.lease_until_ms),
    leaseToken: text(row.lease_token),
    startedAtMs: integer(row.started_at_ms),
    finishedAtMs: integer(row.finished_at_ms),
    result: text(row.result),
    error: error === undefined ? undefined : (JSON.parse(error) as JobError),
    callbackState: row.callback_state as CallbackState,
    callbackAttempts: Number(row.callback_attempts),
    callbackNextAtMs: integer(row.callback_next_at_ms),
    callbackLastError: text(row.callback_last_error),
  };
}

/** The mutable columns of a job, in the order of the UPDATE statement below. */
function mutableValues(job: JobRecord): (string | number | null)[] {
  return [
    job.status,
    job.attempts,
    job.updatedAtMs,
    job.nextAttemptAtMs,
    job.leaseUntilMs ?? null,
    job.leaseToken ?? null,
    job.startedAtMs ?? null,
    job.finishedAtMs ?? null,
    job.result ?? null,
    job.error === undefined ? null : JSON.stringify(job.error),
    job.callbackState,
    job.callbackAttempts,
    job.callbackNextAtMs ?? null,
    job.callbackLastError ?? null,
  ];
}

/**
 * The SQLite jobs store (`<dataDir>/jobs.db`): every transition is one short IMMEDIATE transaction, so a job survives
 * a crash in the state of its last committed step, and a lease token guards that only its holder finishes it.
 */
export function createSqliteJobsStore(file: string): JobsStore {
  const database: DatabaseSync = openSqliteDatabase(file, 'jobs', jobsMigrations);
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const getRow = (id: string) => prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
  const write = (job: JobRecord) =>
    prepare(
      `UPDATE jobs SET status = ?, attempts = ?, updated_at_ms = ?, next_attempt_at_ms = ?, lease_until_ms = ?,
       lease_token = ?, started_at_ms = ?, finished_at_ms = ?, result = ?, error = ?, callback_state = ?,
       callback_attempts = ?, callback_next_at_ms = ?, callback_last_error = ? WHERE id = ?`,
    ).run(...mutableValues(job), job.id);
  const leased = (id: string, token: string): JobRecord | undefined => {
    const row = getRow(id);
    if (row === undefined) return undefined;
    const job = fromRow(row);
    return job.status === 'running' && job.leaseToken === token ? job : undefined;
  };

  return {
    submit(draft: NewJob) {
      return runInTransaction(database, () => {
        if (draft.idempotencyKey !== undefined) {
          const row = prepare('SELECT * FROM jobs WHERE owner = ? AND idempotency_key = ?').get(
            draft.owner ?? '',
            draft.idempotencyKey,
          ) as Row | undefined;
          if (row !== undefined) return { job: fromRow(row), created: false };
        }
        prepare(
          `INSERT INTO jobs (id, owner, format, operation, request, request_hash, pass_headers, callback_url,
           idempotency_key, priority, created_at_ms, deadline_at_ms, max_attempts, status, attempts, updated_at_ms,
           next_attempt_at_ms, callback_state, callback_attempts)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, 'none', 0)`,
        ).run(
          draft.id,
          draft.owner ?? '',
          draft.format,
          draft.operation,
          draft.request,
          draft.requestHash,
          JSON.stringify(draft.passHeaders),
          draft.callbackUrl ?? null,
          draft.idempotencyKey ?? null,
          draft.priority,
          draft.createdAtMs,
          draft.deadlineAtMs,
          draft.maxAttempts,
          draft.createdAtMs,
          draft.createdAtMs,
        );
        return { job: fromRow(getRow(draft.id)!), created: true };
      });
    },
    get(id) {
      const row = getRow(id);
      return row === undefined ? undefined : fromRow(row);
    },
    claim({ nowMs, leaseMs, token }) {
      // An idle queue is the common case: look without taking the write lock first.
      const due = prepare("SELECT 1 FROM jobs WHERE status = 'queued' AND next_attempt_at_ms <= ? LIMIT 1").get(nowMs);
      if (due === undefined) return undefined;
      return runInTransaction(database, () => {
        const row = prepare(
          `SELECT * FROM jobs WHERE status = 'queued' AND next_attempt_at_ms <= ?
           ORDER BY priority DESC, created_at_ms ASC, id ASC LIMIT 1`,
        ).get(nowMs) as Row | undefined;
        if (row === undefined) return undefined;
        const job: JobRecord = {
          ...fromRow(row),
          status: 'running',
          leaseToken: token,
          leaseUntilMs: nowMs + leaseMs,
          updatedAtMs: nowMs,
        };
        write(job);
        return job;
      });
    },
    beginAttempt({ id, token, nowMs, leaseMs }) {
      const result = prepare(
        `UPDATE jobs SET attempts = attempts + 1, started_at_ms = COALESCE(started_at_ms, ?), lease_until_ms = ?,
         updated_at_ms = ? WHERE id = ? AND status = 'running' AND lease_token = ?`,
      ).run(nowMs, nowMs + leaseMs, nowMs, id, token);
      return Number(result.changes) === 1;
    },
    renewLease({ id, token, leaseUntilMs }) {
      const result = prepare(
        "UPDATE jobs SET lease_until_ms = ? WHERE id = ? AND status = 'running' AND lease_token = ?",
      ).run(leaseUntilMs, id, token);
      return Number(result.changes) === 1;
    },
    settle(id, token, settlement: JobSettlement) {
      return runInTransaction(database, () => {
        const job = leased(id, token);
        if (job === undefined) return false;
        write(settledJob(job, settlement));
        return true;
      });
    },
    requeueExpired(nowMs) {
      const result = prepare(
        `UPDATE jobs SET status = 'queued', lease_token = NULL, lease_until_ms = NULL, next_attempt_at_ms = ?,
         updated_at_ms = ? WHERE status = 'running' AND lease_until_ms < ?`,
      ).run(nowMs, nowMs, nowMs);
      return Number(result.changes);
    },
    cancel(id, error, nowMs) {
      return runInTransaction(database, () => {
        const row = getRow(id);
        if (row === undefined) return undefined;
        const job = fromRow(row);
        if (job.status === 'succeeded' || job.status === 'failed') return job;
        const cancelled = settledJob(job, { kind: 'failed', error, nowMs });
        write(cancelled);
        return cancelled;
      });
    },
    dueCallbacks({ nowMs, limit }) {
      const rows = prepare(
        `SELECT * FROM jobs WHERE callback_state = 'pending' AND callback_next_at_ms <= ?
         ORDER BY finished_at_ms ASC LIMIT ?`,
      ).all(nowMs, limit) as Row[];
      return rows.map(fromRow);
    },
    recordCallback(id, outcome) {
      if (outcome.acknowledged) {
        prepare(
          `UPDATE jobs SET callback_state = 'acknowledged', callback_attempts = callback_attempts + 1,
           callback_next_at_ms = NULL WHERE id = ? AND callback_state = 'pending'`,
        ).run(id);
      } else {
        prepare(
          `UPDATE jobs SET callback_attempts = callback_attempts + 1, callback_next_at_ms = ?, callback_last_error = ?
           WHERE id = ? AND callback_state = 'pending'`,
        ).run(outcome.nextAtMs, outcome.error, id);
      }
    },
    counts(nowMs) {
      const byStatus = { queued: 0, running: 0, succeeded: 0, failed: 0 };
      for (const row of prepare('SELECT status, COUNT(*) AS count FROM jobs GROUP BY status').all() as Row[]) {
        byStatus[row.status as JobStatus] = Number(row.count);
      }
      const oldest = prepare("SELECT MIN(created_at_ms) AS oldest FROM jobs WHERE status = 'queued'").get() as Row;
      const pending = prepare("SELECT COUNT(*) AS count FROM jobs WHERE callback_state = 'pending'").get() as Row;
      const oldestMs = integer(oldest.oldest);
      return {
        byStatus,
        oldestQueuedAgeMs: oldestMs === undefined ? 0 : Math.max(0, nowMs - oldestMs),
        callbacksPending: Number(pending.count),
      };
    },
    list({ status, limit, beforeCreatedAtMs }) {
      const rows = prepare(
        `SELECT * FROM jobs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR created_at_ms < ?)
         ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
      ).all(status ?? null, status ?? null, beforeCreatedAtMs ?? null, beforeCreatedAtMs ?? null, limit) as Row[];
      return rows.map(fromRow);
    },
    purge(finishedBeforeMs) {
      const result = prepare('DELETE FROM jobs WHERE finished_at_ms IS NOT NULL AND finished_at_ms < ?').run(
        finishedBeforeMs,
      );
      return Number(result.changes);
    },
    close() {
      database.close();
    },
  };
}
