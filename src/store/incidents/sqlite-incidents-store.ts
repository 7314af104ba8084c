import type { SQLInputValue } from 'node:sqlite';
import type { Incident, VendorIncident } from '../../core/monitoring.ts';
import { type Migration, openSqliteDatabase } from '../sqlite-database.ts';
import type { IncidentsStore } from './incidents-store.ts';

const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE incidents (
      id TEXT NOT NULL PRIMARY KEY, provider TEXT NOT NULL, status TEXT NOT NULL,
      opened_at INTEGER NOT NULL, resolved_at INTEGER, body TEXT NOT NULL);
    CREATE INDEX incidents_by_opening ON incidents (opened_at);
    CREATE TABLE incident_events_emitted (id TEXT NOT NULL PRIMARY KEY, at INTEGER NOT NULL);
    CREATE TABLE vendor_incidents (
      provider TEXT NOT NULL, id TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (provider, id));`,
  },
];

/** Incidents in `<dataDir>/incidents.db` (domain `incidents`). */
export function createSqliteIncidentsStore(file: string): IncidentsStore {
  const database = openSqliteDatabase(file, 'incidents', migrations);
  const upsert = database.prepare(
    `INSERT INTO incidents (id, provider, status, opened_at, resolved_at, body) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at, body = excluded.body`,
  );
  const byId = database.prepare('SELECT body FROM incidents WHERE id = ?');
  const emit = database.prepare('INSERT OR IGNORE INTO incident_events_emitted (id, at) VALUES (?, ?)');
  const upsertVendor = database.prepare(
    `INSERT INTO vendor_incidents (provider, id, created_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (provider, id) DO UPDATE SET created_at = excluded.created_at, body = excluded.body`,
  );
  return {
    save(incident) {
      upsert.run(
        incident.id,
        incident.provider,
        incident.status,
        incident.openedAt,
        incident.resolvedAt ?? null,
        JSON.stringify(incident),
      );
    },
    get(id) {
      const row = byId.get(id) as { body: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.body) as Incident);
    },
    list(query = {}) {
      const conditions: string[] = [];
      const values: SQLInputValue[] = [];
      if (query.status !== undefined) {
        conditions.push('status = ?');
        values.push(query.status);
      }
      if (query.provider !== undefined) {
        conditions.push('provider = ?');
        values.push(query.provider);
      }
      if (query.fromMs !== undefined) {
        conditions.push('(resolved_at IS NULL OR resolved_at >= ?)');
        values.push(query.fromMs);
      }
      if (query.toMs !== undefined) {
        conditions.push('opened_at < ?');
        values.push(query.toMs);
      }
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      const rows = database
        .prepare(`SELECT body FROM incidents ${where} ORDER BY opened_at DESC, id DESC`)
        .all(...values) as { body: string }[];
      return rows.map((row) => JSON.parse(row.body) as Incident);
    },
    markEmitted(eventId, atMs) {
      return Number(emit.run(eventId, atMs).changes) === 1;
    },
    saveVendorIncident(incident) {
      upsertVendor.run(incident.provider, incident.id, incident.createdAt, JSON.stringify(incident));
    },
    listVendorIncidents(provider) {
      const rows = (
        provider === undefined
          ? database.prepare('SELECT body FROM vendor_incidents ORDER BY created_at DESC').all()
          : database
              .prepare('SELECT body FROM vendor_incidents WHERE provider = ? ORDER BY created_at DESC')
              .all(provider)
      ) as { body: string }[];
      return rows.map((row) => JSON.parse(row.body) as VendorIncident);
    },
    close() {
      database.close();
    },
  };
}
