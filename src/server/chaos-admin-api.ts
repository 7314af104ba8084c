import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Chaos } from '../chaos/create-chaos.ts';
import { readBody } from './read-body.ts';

/** What the chaos endpoints need of the admin API. */
export interface ChaosAdminContext {
  /** The gateway's chaos state. */
  chaos: Chaos;
  /** Sends a JSON answer. */
  sendJson: (response: ServerResponse, status: number, value: unknown) => void;
  /** Sends `{ error: { code, message } }`. */
  sendProblem: (response: ServerResponse, status: number, code: string, message: string) => void;
}

/**
 * Chaos mode's admin endpoints (after the admin key check): `GET /admin/api/faults`, `POST /admin/api/faults`
 * (a fault: provider, model, status, rate, latency_ms, for), `DELETE /admin/api/faults` (all) and
 * `DELETE /admin/api/faults/{id}`. Returns false when the path is not one of them.
 */
export async function handleChaosAdmin(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  context: ChaosAdminContext,
): Promise<boolean> {
  const { chaos, sendJson, sendProblem } = context;
  if (path === '/admin/api/faults') {
    if (request.method === 'GET') {
      sendJson(response, 200, { faults: chaos.list() });
      return true;
    }
    if (request.method === 'DELETE') {
      sendJson(response, 200, { removed: chaos.clear() });
      return true;
    }
    if (request.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8'));
      } catch {
        sendProblem(
          response,
          400,
          'invalid_json',
          'The body must be a JSON fault: {"provider": "...", "status": 503}.',
        );
        return true;
      }
      const added = chaos.add(body);
      if (!added.ok) {
        const message = added.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        sendProblem(response, 400, 'invalid_fault', message);
        return true;
      }
      sendJson(response, 201, { fault: added.fault });
      return true;
    }
    sendProblem(response, 405, 'method_not_allowed', 'Use GET, POST or DELETE on /admin/api/faults.');
    return true;
  }
  if (path.startsWith('/admin/api/faults/') && request.method === 'DELETE') {
    const id = decodeURIComponent(path.slice('/admin/api/faults/'.length));
    if (!chaos.remove(id)) sendProblem(response, 404, 'not_found', `No active fault ${id}.`);
    else sendJson(response, 200, { removed: 1 });
    return true;
  }
  return false;
}
