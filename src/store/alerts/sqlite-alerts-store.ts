import type { IncidentEvent } from '../../core/monitoring.ts';
import { type Migration, openSqliteDatabase } from '../sqlite-database.ts';
import type { AlertDelivery, AlertsStore, DeliveryStatus } from './alerts-store.ts';

const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE alert_deliveries (
      event_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      incident_id TEXT NOT NULL,
      event_json TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      finished_at INTEGER,
      last_error TEXT,
      PRIMARY KEY (event_id, channel)
    );
    CREATE INDEX alert_deliveries_pending ON alert_deliveries (status, next_attempt_at);
    CREATE INDEX alert_deliveries_incident ON alert_deliveries (incident_id, status);`,
  },
];

interface Row {
  event_id: string;
  channel: string;
  incident_id: string;
  event_json: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  finished_at: number | null;
  last_error: string | null;
}

function toDelivery(row: Row): AlertDelivery {
  return {
    eventId: row.event_id,
    channel: row.channel,
    incidentId: row.incident_id,
    event: JSON.parse(row.event_json) as IncidentEvent,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
    lastError: row.last_error ?? undefined,
  };
}

/** The SQLite AlertsStore (`<dataDir>/alerts.db`): each state change is committed before the next send. */
export function createSqliteAlertsStore(file: string): AlertsStore {
  const database = openSqliteDatabase(file, 'alerts', migrations);
  const insert = database.prepare(
    `INSERT INTO alert_deliveries (event_id, channel, incident_id, event_json, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (event_id, channel) DO NOTHING`,
  );
  const pending = database.prepare(
    "SELECT * FROM alert_deliveries WHERE status = 'pending' ORDER BY next_attempt_at, created_at",
  );
  const one = database.prepare('SELECT * FROM alert_deliveries WHERE event_id = ? AND channel = ?');
  const notified = database.prepare(
    "SELECT DISTINCT channel FROM alert_deliveries WHERE incident_id = ? AND status <> 'skipped' ORDER BY channel",
  );
  const retry = database.prepare(
    `UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
     WHERE event_id = ? AND channel = ? AND status = 'pending'`,
  );
  const finish = database.prepare(
    `UPDATE alert_deliveries SET attempts = attempts + 1, status = ?, finished_at = ?, last_error = COALESCE(?, last_error)
     WHERE event_id = ? AND channel = ? AND status = 'pending'`,
  );
  const recent = database.prepare('SELECT * FROM alert_deliveries ORDER BY created_at DESC, rowid DESC LIMIT ?');
  return {
    enqueue(delivery) {
      const result = insert.run(
        delivery.eventId,
        delivery.channel,
        delivery.event.incident.id,
        JSON.stringify(delivery.event),
        delivery.createdAt,
        delivery.createdAt,
      );
      return Number(result.changes) === 1;
    },
    listPending: () => (pending.all() as unknown as Row[]).map(toDelivery),
    get(eventId, channel) {
      const row = one.get(eventId, channel) as unknown as Row | undefined;
      return row === undefined ? undefined : toDelivery(row);
    },
    channelsAlerted: (incidentId) =>
      (notified.all(incidentId) as unknown as { channel: string }[]).map((row) => row.channel),
    recordRetry(eventId, channel, next) {
      retry.run(next.nextAttemptAt, next.error, eventId, channel);
    },
    finish(eventId, channel, end) {
      finish.run(end.status, end.at, end.error ?? null, eventId, channel);
    },
    listRecent: (limit) => (recent.all(limit) as unknown as Row[]).map(toDelivery),
    close() {
      database.close();
    },
  };
}
