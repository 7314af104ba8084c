import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRequest } from '../core/gateway-request.ts';
import type { Incident } from '../core/monitoring.ts';
import { createDashboardRoutes } from '../dashboard/create-dashboard-routes.ts';
import type { WebAssets } from '../dashboard/load-web-assets.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { type ClientFormat, renderError, toOutlastError } from '../errors/render-error.ts';
import { type ClientEndpoint, clientEndpoints } from '../formats/client-endpoints.ts';
import { parseJsonBody, validateRequest } from '../formats/shared/parse-request-body.ts';
import type { Gateway } from '../gateway.ts';
import type { JobService } from '../jobs/create-job-service.ts';
import { createJobsAdmin } from '../jobs/create-jobs-admin.ts';
import { createJobsApi, jobsPath } from '../jobs/create-jobs-api.ts';
import { prefersAsync } from '../jobs/prefers-async.ts';
import { createAdminApi } from './admin-api.ts';
import { readBody } from './read-body.ts';
import { STATUS_FEED_PATHS, serveStatusFeed } from './serve-status-feed.ts';
import { serveStoredResponse } from './stored-responses.ts';
import { writeAnswer } from './write-answer.ts';

/** What the handler needs besides the gateway. */
export interface RequestHandlerOptions {
  /** Largest accepted request body. */
  bodyLimitBytes: () => number;
  /** True once the config is loaded and the data directory is writable. */
  ready: () => boolean;
  /** The admin key, when the admin API is on. */
  adminKey: () => string | undefined;
  /** Logs a defect (never request bodies or keys). */
  logError: (message: string, fields: Record<string, unknown>) => void;
  /** Async jobs (`/v1/outlast/jobs`, `Prefer: respond-async`, `/admin/api/jobs`); absent: not served. */
  jobs?: JobService | undefined;
  /** Incidents for the public Atom/RSS feeds (none until a monitor is wired). */
  listIncidents?: () => readonly Incident[];
  /** The dashboard's built front end (`loadWebAssets()`); absent: `/` says how to build it. */
  webAssets?: Promise<WebAssets | undefined> | undefined;
  /** Interval of the dashboard's latency/TTFT sampler (default 60 s). */
  dashboardSampleIntervalMs?: number | undefined;
}

/** Guesses the client's dialect for errors on paths it did not reach a model endpoint through. */
function guessFormat(request: IncomingMessage, path: string): ClientFormat {
  return path.startsWith('/v1/messages') || request.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

function sendError(response: ServerResponse, error: OutlastError, format: ClientFormat, requestId: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const rendered = renderError(error, format, requestId);
  rendered.headers['x-outlast-request-id'] = requestId;
  rendered.headers['request-id'] = requestId;
  rendered.headers['content-length'] = String(Buffer.byteLength(rendered.body));
  response.writeHead(rendered.status, rendered.headers);
  response.end(rendered.body);
}

function sendJson(response: ServerResponse, status: number, value: unknown, requestId: string): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-outlast-request-id': requestId,
  });
  response.end(body);
}

/** The HTTP entry point: routes a request to a model endpoint, the models list or a health check. */
export function createRequestHandler(gateway: Gateway, options: RequestHandlerOptions) {
  const dashboard = createDashboardRoutes({
    gateway,
    adminKey: options.adminKey,
    webAssets: options.webAssets,
    sampleIntervalMs: options.dashboardSampleIntervalMs,
    logError: options.logError,
  });
  const handleAdmin = createAdminApi(
    gateway,
    options.adminKey,
    options.jobs === undefined ? undefined : createJobsAdmin(options.jobs),
    dashboard,
  );
  const jobsApi =
    options.jobs === undefined
      ? undefined
      : createJobsApi({
          jobs: options.jobs,
          routeAvailability: gateway.routeAvailability,
          bodyLimitBytes: options.bodyLimitBytes,
          readBody,
          // Hook for client keys: return the calling key's id so that only it may read its jobs.
          identify: () => undefined,
        });
  async function handleModelEndpoint(
    request: IncomingMessage,
    response: ServerResponse,
    endpoint: ClientEndpoint,
    search: string,
    requestId: string,
  ): Promise<void> {
    const raw = await readBody(request, options.bodyLimitBytes());
    const parsed = parseJsonBody(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new OutlastError('OUTLAST_INVALID_REQUEST', 'The request body must be a JSON object.');
    }
    const fields = validateRequest(endpoint.schema, parsed);
    const passHeaders: Record<string, string> = {};
    for (const name of endpoint.passHeaders) {
      const value = request.headers[name];
      if (typeof value === 'string') passHeaders[name] = value;
    }
    if (
      jobsApi !== undefined &&
      prefersAsync(request.headers.prefer as string | undefined) &&
      jobsApi.submitAsync(request, response, {
        endpoint,
        body: parsed as Record<string, unknown>,
        model: fields.model,
        passHeaders,
        requestId,
      })
    ) {
      return;
    }
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const gatewayRequest: GatewayRequest = {
      requestId,
      format: endpoint.format,
      operation: endpoint.operation,
      model: fields.model,
      stream: endpoint.streams && fields.stream === true,
      body: parsed as Record<string, unknown>,
      raw,
      passHeaders,
      search,
      signal: controller.signal,
      clientRetryCount: Number(request.headers['x-stainless-retry-count'] ?? 0) || 0,
    };
    const answer = await gateway.dispatch(gatewayRequest);
    if (controller.signal.aborted) {
      if (!Buffer.isBuffer(answer.body)) answer.body.destroy();
      return;
    }
    writeAnswer(response, answer, requestId, endpoint.format);
  }

  function listModels(request: IncomingMessage, response: ServerResponse, requestId: string): void {
    const models = gateway.listModels();
    if (request.headers['anthropic-version'] !== undefined) {
      const data = models.map((model) => ({
        type: 'model',
        id: model.id,
        display_name: model.id,
        created_at: '2026-01-01T00:00:00Z',
      }));
      sendJson(
        response,
        200,
        { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
        requestId,
      );
      return;
    }
    const data = models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.ownedBy }));
    sendJson(response, 200, { object: 'list', data }, requestId);
  }

  /** Serves the GET endpoints; false when the path is not one of them. */
  function handleGet(request: IncomingMessage, response: ServerResponse, path: string, requestId: string): boolean {
    if (path === '/healthz') {
      sendJson(response, 200, { status: 'ok' }, requestId);
    } else if (path === '/readyz') {
      const ready = options.ready();
      sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready' }, requestId);
    } else if (path === '/v1/models') {
      listModels(request, response, requestId);
    } else if (STATUS_FEED_PATHS.has(path)) {
      serveStatusFeed({ request, response, path, listIncidents: options.listIncidents ?? (() => []) });
    } else if (path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const model = gateway.listModels().find((entry) => entry.id === id);
      if (model === undefined) {
        const error = new OutlastError('OUTLAST_UNKNOWN_MODEL', `The model \`${id}\` is not served here.`, {
          param: 'model',
        });
        sendError(response, error, guessFormat(request, path), requestId);
      } else {
        sendJson(response, 200, { id: model.id, object: 'model', created: 0, owned_by: model.ownedBy }, requestId);
      }
    } else {
      return false;
    }
    return true;
  }

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const requestId = randomUUID();
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    const endpoint = clientEndpoints.get(path);
    if (endpoint !== undefined) {
      if (request.method !== 'POST') {
        sendError(
          response,
          new OutlastError('OUTLAST_METHOD_NOT_ALLOWED', `${path} takes POST, not ${request.method}.`),
          endpoint.format,
          requestId,
        );
        return;
      }
      handleModelEndpoint(request, response, endpoint, search, requestId).catch((error: unknown) => {
        if (response.destroyed || (response.writableEnded && response.headersSent)) return;
        const outlastError = toOutlastError(error);
        if (outlastError.code === 'OUTLAST_INTERNAL' && !(error instanceof Error && error.name === 'UpstreamFailure')) {
          options.logError('request failed with a defect', { requestId, error: String(error) });
        }
        sendError(response, outlastError, endpoint.format, requestId);
      });
      return;
    }
    if (jobsApi !== undefined && (path === jobsPath || path.startsWith(`${jobsPath}/`))) {
      jobsApi.handle(request, response, path, requestId).catch((error: unknown) => {
        options.logError('jobs request failed', { requestId, error: String(error) });
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    if (path.startsWith('/admin/api/')) {
      handleAdmin(request, response, path).catch((error: unknown) => {
        options.logError('admin request failed', { requestId, error: String(error) });
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    if (path.startsWith('/v1/responses/')) {
      try {
        if (serveStoredResponse(gateway, request, response, path, requestId)) return;
      } catch (error) {
        sendError(response, toOutlastError(error), 'openai', requestId);
        return;
      }
    }
    if (request.method === 'GET' && handleGet(request, response, path, requestId)) return;
    if (dashboard.handle(request, response, path)) return;
    sendError(
      response,
      new OutlastError('OUTLAST_NOT_FOUND', `No such endpoint: ${request.method} ${path}.`),
      guessFormat(request, path),
      requestId,
    );
  }

  // close() stops the dashboard's sampler timer when the server stops.
  return Object.assign(handleRequest, { close: () => dashboard.close() });
}
