import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../access/access-control.ts';
import type { Gateway } from '../gateway.ts';
import { handleChaosAdmin } from './chaos-admin-api.ts';
import { handleKeysAdmin } from './keys-admin-api.ts';
import { handleMonitorAdmin } from './monitor-admin-api.ts';
import { readBody } from './read-body.ts';

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendProblem(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

function keyMatches(header: string | undefined, adminKey: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const expected = Buffer.from(adminKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A dashboard session; a change (not GET) must come from the page's own origin besides (SameSite=Strict already). */
function isSessionRequest(
  request: IncomingMessage,
  dashboard: { hasSession(request: IncomingMessage): boolean } | undefined,
): boolean {
  if (dashboard === undefined || !dashboard.hasSession(request)) return false;
  const origin = request.headers.origin;
  if (request.method === 'GET' || origin === undefined) return true;
  return origin === `http://${request.headers.host}` || origin === `https://${request.headers.host}`;
}

/**
 * The JSON admin API under /admin/api (admin key as a Bearer header). Targets: `GET /admin/api/targets` (health,
 * breaker, cool-down, budget per target); `POST /admin/api/targets/reset` with `{provider, model}` clears a
 * disabling and closes the breaker (operator action after a quota or credential fix). Alerts: `GET /admin/api/alerts`
 * lists the latest deliveries (channel names and states, never a webhook URL or key).
 */
export function createAdminApi(
  gateway: Gateway,
  services: {
    /** The admin key, when the admin API is on. */
    adminKey: () => string | undefined;
    /** Client keys (`/admin/api/keys`), when the server has them. */
    access?: AccessControl | undefined;
    /** The jobs admin routes (`/admin/api/jobs`), when the server runs jobs. */
    handleJobsAdmin?: ((request: IncomingMessage, response: ServerResponse, path: string) => boolean) | undefined;
    /** The dashboard: its session cookie is accepted like the Bearer key, and its own admin endpoints. */
    dashboard?:
      | {
          /** True when the request carries a live dashboard session (accepted like the Bearer key). */
          hasSession(request: IncomingMessage): boolean;
          /** The dashboard's own admin endpoints (`GET /admin/api/series`). */
          handleAdmin(request: IncomingMessage, response: ServerResponse, path: string): boolean;
        }
      | undefined;
  },
) {
  const adminKey = services.adminKey;
  const handleJobsAdmin = services.handleJobsAdmin;
  const dashboard = services.dashboard;
  return async function handleAdmin(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const key = adminKey();
    if (key === undefined) {
      sendProblem(response, 403, 'admin_disabled', 'The admin API is off: set OUTLAST_ADMIN_KEY or server.admin_key.');
      return;
    }
    if (!keyMatches(request.headers.authorization, key) && !isSessionRequest(request, dashboard)) {
      response.setHeader('www-authenticate', 'Bearer');
      sendProblem(response, 401, 'unauthorized', 'Send the admin key as Authorization: Bearer <key>.');
      return;
    }
    if (services.access !== undefined && path.startsWith('/admin/api/keys')) {
      if (await handleKeysAdmin({ request, response, path, access: services.access })) return;
    }
    if (request.method === 'GET' && path === '/admin/api/targets') {
      sendJson(response, 200, { targets: gateway.targets() });
      return;
    }
    if (request.method === 'GET' && path === '/admin/api/alerts') {
      sendJson(response, 200, { deliveries: gateway.alerts.deliveries() });
      return;
    }
    if (request.method === 'POST' && path === '/admin/api/targets/reset') {
      let body: { provider?: unknown; model?: unknown };
      try {
        body = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8')) as typeof body;
      } catch {
        sendProblem(response, 400, 'invalid_json', 'The body must be JSON: {"provider": "...", "model": "..."}.');
        return;
      }
      if (typeof body.provider !== 'string' || typeof body.model !== 'string') {
        sendProblem(response, 400, 'invalid_request', 'provider and model are required strings.');
        return;
      }
      if (!gateway.resetTarget(body.provider, body.model)) {
        sendProblem(response, 404, 'not_found', `No target ${body.provider}/${body.model} has been used yet.`);
        return;
      }
      sendJson(response, 200, { reset: { provider: body.provider, model: body.model } });
      return;
    }
    if (handleJobsAdmin?.(request, response, path) === true) return;
    if (dashboard?.handleAdmin(request, response, path) === true) return;
    if (await handleChaosAdmin(request, response, path, { chaos: gateway.chaos, sendJson, sendProblem })) return;
    const monitor = gateway.monitor;
    if (monitor !== undefined && request.method === 'GET' && path === '/admin/api/health') {
      // Chaos faults are marked beside the health they cause, so the dashboard can tell a drill from an outage.
      const faults = gateway.chaos.list();
      sendJson(response, 200, { ...monitor.health(), chaos: { active: faults.length > 0, faults } });
      return;
    }
    if (monitor !== undefined) {
      const context = {
        monitor,
        settings: () => gateway.config().monitoring,
        now: monitor.now,
        sendJson,
        sendProblem,
      };
      if (await handleMonitorAdmin(context, request, response)) return;
    }
    sendProblem(response, 404, 'not_found', `No such admin endpoint: ${request.method} ${path}.`);
  };
}
