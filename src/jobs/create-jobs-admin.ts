import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JobStatus } from '../store/jobs/jobs-store.ts';
import type { JobService } from './create-job-service.ts';
import { renderJob } from './render-job.ts';

const statuses: readonly string[] = ['queued', 'running', 'succeeded', 'failed'];

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendProblem(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

/**
 * The jobs part of the admin API (the caller has checked the admin key): `GET /admin/api/jobs` (counts by status,
 * oldest queued age, a page of jobs: `?status=`, `?limit=` up to 200, `?before=` the `next_before` of the last page),
 * `GET /admin/api/jobs/{id}`, `POST /admin/api/jobs/{id}/cancel`. Returns false when the path is not one of them.
 */
export function createJobsAdmin(jobs: JobService) {
  return function handleJobsAdmin(request: IncomingMessage, response: ServerResponse, path: string): boolean {
    if (path !== '/admin/api/jobs' && !path.startsWith('/admin/api/jobs/')) return false;
    if (path === '/admin/api/jobs' && request.method === 'GET') {
      const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
      const status = query.get('status') ?? undefined;
      if (status !== undefined && !statuses.includes(status)) {
        sendProblem(response, 400, 'invalid_request', `status must be one of ${statuses.join(', ')}.`);
        return true;
      }
      const limit = Number(query.get('limit') ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        sendProblem(response, 400, 'invalid_request', 'limit must be an integer from 1 to 200.');
        return true;
      }
      const beforeText = query.get('before');
      const before = beforeText === null ? undefined : Date.parse(beforeText);
      if (before !== undefined && Number.isNaN(before)) {
        sendProblem(response, 400, 'invalid_request', 'before must be an ISO 8601 time (next_before of a page).');
        return true;
      }
      const counts = jobs.counts();
      const page = jobs.list({ status: status as JobStatus | undefined, limit, beforeCreatedAtMs: before });
      const last = page.at(-1);
      sendJson(response, 200, {
        enabled: jobs.enabled(),
        counts: counts.byStatus,
        oldest_queued_age_s: counts.oldestQueuedAgeMs / 1000,
        callbacks_pending: counts.callbacksPending,
        jobs: page.map(renderJob),
        next_before: page.length === limit && last !== undefined ? new Date(last.createdAtMs).toISOString() : null,
      });
      return true;
    }
    const rest = path.slice('/admin/api/jobs/'.length);
    const [id, action, extra] = rest.split('/');
    if (id !== undefined && id !== '' && action === undefined && request.method === 'GET') {
      const job = jobs.inspect(id);
      if (job === undefined) sendProblem(response, 404, 'not_found', `No job ${id}.`);
      else sendJson(response, 200, { job: renderJob(job) });
      return true;
    }
    if (id !== undefined && id !== '' && action === 'cancel' && extra === undefined && request.method === 'POST') {
      const job = jobs.cancel(id);
      if (job === undefined) sendProblem(response, 404, 'not_found', `No job ${id}.`);
      else sendJson(response, 200, { job: renderJob(job) });
      return true;
    }
    sendProblem(response, 404, 'not_found', `No such admin endpoint: ${request.method} ${path}.`);
    return true;
  };
}
