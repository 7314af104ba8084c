import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../access/access-control.ts';
import type { Gateway } from '../gateway.ts';
import { createAdminApi } from './admin-api.ts';
import { serveMetrics } from './serve-metrics.ts';

/** What the separate admin listener serves besides the admin API. */
export interface AdminHandlerOptions {
  /** The admin key, when the admin API is on. */
  adminKey: () => string | undefined;
  /** `GET /metrics`: the exposition text and the key that protects it, if any. */
  metrics: { render: () => string; key: () => string | undefined };
  /** Logs a defect. */
  logError: (message: string, fields: Record<string, unknown>) => void;
  /** Client keys (`/admin/api/keys`), when the server has them. */
  access?: AccessControl | undefined;
  /** The jobs admin routes (`/admin/api/jobs`), when the server runs jobs. */
  handleJobsAdmin?: ((request: IncomingMessage, response: ServerResponse, path: string) => boolean) | undefined;
}

/** The handler of the admin listener (`server.admin`): `/admin/api/*` and `/metrics`, a JSON 404 for the rest. */
export function createAdminHandler(gateway: Gateway, options: AdminHandlerOptions) {
  const handleAdmin = createAdminApi(gateway, {
    adminKey: options.adminKey,
    access: options.access,
    handleJobsAdmin: options.handleJobsAdmin,
  });
  return function handleAdminListener(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path === '/metrics') {
      serveMetrics(request, response, options.metrics);
    } else if (path.startsWith('/admin/api/')) {
      handleAdmin(request, response, path).catch((error: unknown) => {
        options.logError('admin request failed', { error: String(error) });
        if (!response.headersSent) response.writeHead(500).end();
      });
    } else {
      const body = JSON.stringify({ error: { code: 'not_found', message: `No such endpoint: ${path}.` } });
      response.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    }
  };
}
