import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AccessControl, KeyWithSpend } from '../access/access-control.ts';
import { readBody } from './read-body.ts';

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

function sendProblem(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

const newKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  rpm: z.int().positive().optional(),
  tpm: z.int().positive().optional(),
  budget_usd: z.number().positive().optional(),
  budget_daily_usd: z.number().positive().optional(),
  routes: z.array(z.string().min(1)).min(1).optional(),
  expires_in_s: z.int().positive().optional(),
});

const keyPath = /^\/admin\/api\/keys\/([A-Za-z0-9_-]{1,64})(\/rotate)?$/;

function iso(timeMs: number | null): string | null {
  return timeMs === null ? null : new Date(timeMs).toISOString();
}

/** A key as the admin API shows it: never the secret nor its hash, only the first characters. */
function toView(entry: KeyWithSpend) {
  const { record } = entry;
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    status: entry.status,
    created_at: iso(record.createdAtMs),
    expires_at: iso(record.expiresAtMs),
    revoked_at: iso(record.revokedAtMs),
    rotated_at: iso(record.rotatedAtMs),
    rpm: record.rpm,
    tpm: record.tpm,
    budget_usd: record.budgetUsd,
    budget_daily_usd: record.budgetDailyUsd,
    routes: record.routes,
    spend_today_usd: entry.spend.dayUsd,
    spend_month_usd: entry.spend.monthUsd,
  };
}

/**
 * Client keys in the admin API: `POST /admin/api/keys` (the key is in the answer once), `GET /admin/api/keys`,
 * `POST /admin/api/keys/{id}/rotate`, `DELETE /admin/api/keys/{id}`. Returns false for any other path.
 * The caller has checked the admin key.
 */
export async function handleKeysAdmin(options: {
  request: IncomingMessage;
  response: ServerResponse;
  path: string;
  access: AccessControl;
}): Promise<boolean> {
  const { request, response, path, access } = options;
  if (path === '/admin/api/keys') {
    if (request.method === 'GET') {
      sendJson(response, 200, { keys: access.listKeys().map(toView) });
      return true;
    }
    if (request.method !== 'POST') {
      sendProblem(response, 405, 'method_not_allowed', `/admin/api/keys takes GET or POST, not ${request.method}.`);
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request, 64 * 1024)).toString('utf8'));
    } catch {
      sendProblem(response, 400, 'invalid_json', 'The body must be a JSON object such as {"name": "billing-bot"}.');
      return true;
    }
    const parsed = newKeySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      sendProblem(response, 400, 'invalid_request', `${field}: ${issue.message}`);
      return true;
    }
    const input = parsed.data;
    const created = access.createKey({
      name: input.name,
      rpm: input.rpm,
      tpm: input.tpm,
      budgetUsd: input.budget_usd,
      budgetDailyUsd: input.budget_daily_usd,
      routes: input.routes,
      expiresInS: input.expires_in_s,
    });
    const view = access.listKeys().find((entry) => entry.record.id === created.id);
    sendJson(response, 201, {
      id: created.id,
      key: created.key,
      ...(view === undefined ? {} : { info: toView(view) }),
    });
    return true;
  }
  const match = keyPath.exec(path);
  if (match === null) return false;
  const id = match[1]!;
  if (match[2] === '/rotate' && request.method === 'POST') {
    const rotated = access.rotateKey(id);
    if (rotated === undefined) sendProblem(response, 404, 'not_found', `No live key ${id}.`);
    else sendJson(response, 200, rotated);
    return true;
  }
  if (match[2] === undefined && request.method === 'DELETE') {
    if (access.revokeKey(id)) sendJson(response, 200, { id, revoked: true });
    else sendProblem(response, 404, 'not_found', `No live key ${id}.`);
    return true;
  }
  sendProblem(response, 405, 'method_not_allowed', `${request.method} is not allowed on ${path}.`);
  return true;
}
