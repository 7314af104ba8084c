import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MonitoringConfig } from '../config/monitoring-schema.ts';
import type { Incident } from '../core/monitoring.ts';
import { buildSlaReport } from '../monitor/build-sla-report.ts';
import { computeUptime } from '../monitor/compute-figures.ts';
import type { Monitor } from '../monitor/create-monitor.ts';
import { type HistoryResolution, resolutionMs } from '../store/history/history-store.ts';
import { readBody } from './read-body.ts';

type Send = (response: ServerResponse, status: number, value: unknown) => void;
type Problem = (response: ServerResponse, status: number, code: string, message: string) => void;

/** An incident in the admin API's shape (SPEC: snake_case). */
export function incidentJson(incident: Incident) {
  return {
    id: incident.id,
    provider: incident.provider,
    model: incident.model,
    parent_id: incident.parentId,
    status: incident.status,
    severity: incident.severity,
    public_status: incident.publicStatus,
    opened_at: incident.openedAt,
    resolved_at: incident.resolvedAt,
    vendor_first_seen_at: incident.vendorFirstSeenAt,
    detection_lead_ms:
      incident.vendorFirstSeenAt === undefined ? undefined : incident.vendorFirstSeenAt - incident.openedAt,
    timeline: incident.timeline,
  };
}

function parseTime(value: string | null): number | undefined | 'invalid' {
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (Number.isFinite(number)) return number;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? 'invalid' : parsed;
}

/** An incident as the admin API returns it. */
export type IncidentJson = ReturnType<typeof incidentJson>;

const resolutions = new Set<string>(['minute', 'hour', 'day']);
const incidentPath = /^\/admin\/api\/incidents\/([A-Za-z0-9_-]+)(\/notes)?$/;

/** What the monitor's admin endpoints need. */
export interface MonitorAdminContext {
  monitor: Monitor;
  settings: () => MonitoringConfig;
  now: () => number;
  sendJson: Send;
  sendProblem: Problem;
}

/**
 * The monitor's admin endpoints: `GET /admin/api/health`, `GET /admin/api/incidents[/{id}]`,
 * `POST /admin/api/incidents/{id}/notes`, `GET /admin/api/history`, `GET /admin/api/sla`, `GET /admin/api/events`
 * (SSE). Resolves false when the path is not one of them.
 */
export async function handleMonitorAdmin(
  context: MonitorAdminContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const { monitor, sendJson, sendProblem } = context;
  const url = new URL(request.url ?? '/', 'http://admin');
  const path = url.pathname;
  const query = url.searchParams;
  if (request.method === 'GET' && path === '/admin/api/health') {
    sendJson(response, 200, monitor.health());
    return true;
  }
  if (request.method === 'GET' && path === '/admin/api/incidents') {
    const status = query.get('status');
    if (status !== null && status !== 'open' && status !== 'resolved') {
      sendProblem(response, 400, 'invalid_request', 'status must be open or resolved.');
      return true;
    }
    const from = parseTime(query.get('from'));
    const to = parseTime(query.get('to'));
    if (from === 'invalid' || to === 'invalid') {
      sendProblem(response, 400, 'invalid_request', 'from and to must be epoch milliseconds or ISO 8601 times.');
      return true;
    }
    const incidents = monitor.incidents({
      status: status ?? undefined,
      provider: query.get('provider') ?? undefined,
      fromMs: from,
      toMs: to,
    });
    sendJson(response, 200, { incidents: incidents.map(incidentJson) });
    return true;
  }
  const match = incidentPath.exec(path);
  if (match !== null) {
    const id = match[1]!;
    if (match[2] === undefined && request.method === 'GET') {
      const incident = monitor.incident(id);
      if (incident === undefined) sendProblem(response, 404, 'not_found', `No incident ${id}.`);
      else sendJson(response, 200, { incident: incidentJson(incident) });
      return true;
    }
    if (match[2] !== undefined && request.method === 'POST') {
      let body: { text?: unknown; author?: unknown };
      try {
        body = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8')) as typeof body;
      } catch {
        sendProblem(response, 400, 'invalid_json', 'The body must be JSON: {"text": "...", "author": "..."}.');
        return true;
      }
      if (typeof body?.text !== 'string' || body.text.trim() === '' || body.text.length > 10_000) {
        sendProblem(
          response,
          400,
          'invalid_request',
          'text is required: a non-empty string of at most 10000 characters.',
        );
        return true;
      }
      if (body.author !== undefined && typeof body.author !== 'string') {
        sendProblem(response, 400, 'invalid_request', 'author must be a string.');
        return true;
      }
      const text = body.author === undefined ? body.text : `${body.author}: ${body.text}`;
      const incident = monitor.addNote(id, text);
      if (incident === undefined) sendProblem(response, 404, 'not_found', `No incident ${id}.`);
      else sendJson(response, 201, { incident: incidentJson(incident) });
      return true;
    }
  }
  if (request.method === 'GET' && path === '/admin/api/history') {
    const nowMs = context.now();
    const to = parseTime(query.get('to')) ?? nowMs;
    const from = parseTime(query.get('from')) ?? (typeof to === 'number' ? to - resolutionMs.day : 0);
    if (from === 'invalid' || to === 'invalid' || from >= to) {
      sendProblem(response, 400, 'invalid_request', 'from and to must be times (epoch ms or ISO 8601) with from < to.');
      return true;
    }
    const asked = query.get('resolution');
    if (asked !== null && !resolutions.has(asked)) {
      sendProblem(response, 400, 'invalid_request', 'resolution must be minute, hour or day.');
      return true;
    }
    const span = to - from;
    const resolution = (asked ??
      (span <= 2 * resolutionMs.day ? 'minute' : span <= 90 * resolutionMs.day ? 'hour' : 'day')) as HistoryResolution;
    const provider = query.get('provider') ?? undefined;
    const model = query.get('model') ?? '';
    const buckets = monitor.history({ provider, model, resolution, fromMs: from, toMs: to });
    sendJson(response, 200, {
      provider: provider ?? null,
      model: model === '' ? null : model,
      resolution,
      from,
      to,
      figures: computeUptime(buckets),
      buckets,
    });
    return true;
  }
  if (request.method === 'GET' && path === '/admin/api/sla') {
    const target = Number(query.get('target') ?? '99.9');
    const month = query.get('month') ?? new Date(context.now()).toISOString().slice(0, 7);
    if (!Number.isFinite(target) || target <= 0 || target > 100) {
      sendProblem(response, 400, 'invalid_request', 'target must be a percentage in (0, 100], e.g. 99.9.');
      return true;
    }
    const report = buildSlaReport({
      history: { query: monitor.history },
      incidents: monitor.incidents({}),
      month,
      targetPercent: target,
      credits: context.settings().sla.credits,
      nowMs: context.now(),
      provider: query.get('provider') ?? undefined,
      model: query.get('model') ?? undefined,
    });
    if (report === undefined) sendProblem(response, 400, 'invalid_request', 'month must be YYYY-MM, e.g. 2026-03.');
    else sendJson(response, 200, report);
    return true;
  }
  if (request.method === 'GET' && path === '/admin/api/events') {
    streamEvents(monitor, request, response);
    return true;
  }
  return false;
}

/** Server-sent events: state changes, incident events and failovers as they happen, a heartbeat every 15 s. */
function streamEvents(monitor: Monitor, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.write(`event: ready\ndata: ${JSON.stringify({ at: Date.now() })}\n\n`);
  const unsubscribe = monitor.subscribeLive((event) => {
    const data = event.type === 'incident' ? { ...event.event, incident: incidentJson(event.event.incident) } : event;
    response.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), 15_000);
  heartbeat.unref();
  const cleanUp = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  request.on('close', cleanUp);
  response.on('close', cleanUp);
}
