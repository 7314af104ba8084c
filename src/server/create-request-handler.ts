import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../access/access-control.ts';
import type { GuardedRequest, RequestGuard } from '../access/create-request-guard.ts';
import type { GatewayRequest } from '../core/gateway-request.ts';
import type { Incident } from '../core/monitoring.ts';
import { createDashboardRoutes } from '../dashboard/create-dashboard-routes.ts';
import type { WebAssets } from '../dashboard/load-web-assets.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { type ClientFormat, renderError, toOutlastError } from '../errors/render-error.ts';
import { type MatchedEndpoint, matchClientEndpoint, readRequestFields } from '../formats/client-endpoints.ts';
import { toGeminiModel } from '../formats/gemini/to-gemini-model.ts';
import { toJsonArrayAnswer } from '../formats/gemini/to-json-array-answer.ts';
import { parseJsonBody } from '../formats/shared/parse-request-body.ts';
import type { Gateway } from '../gateway.ts';
import type { JobService } from '../jobs/create-job-service.ts';
import { createJobsAdmin } from '../jobs/create-jobs-admin.ts';
import { createJobsApi, jobsPath } from '../jobs/create-jobs-api.ts';
import { prefersAsync } from '../jobs/prefers-async.ts';
import { findRelayVendor } from '../pipeline/relay/find-relay-vendor.ts';
import { createAdminApi } from './admin-api.ts';
import { createRequestId } from './create-request-id.ts';
import { readBody } from './read-body.ts';
import type { ObservedRequest, RequestObserver } from './request-observer.ts';
import { serveMetrics } from './serve-metrics.ts';
import { serveRelay } from './serve-relay.ts';
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
  /** Client keys, limits, spend and the audit trail around each model request; none in bare tests. */
  guard?: RequestGuard | undefined;
  /** Client keys for the admin API. */
  access?: AccessControl | undefined;
  /** Deepest JSON nesting accepted (`server.max_json_depth`); 128 when absent. */
  maxJsonDepth?: () => number;
  /** Whether the vendors' other paths are relayed (`server.relay_vendor_paths`); true when absent. */
  relayVendorPaths?: () => boolean;
  /** Watches every request (metrics, access log, tracing). */
  observer?: RequestObserver | undefined;
  /** True while the gateway drains before it stops: new requests get a 503. */
  draining?: () => boolean;
  /** `GET /metrics`: the exposition text and the key that protects it, if any. */
  metrics?: { render: () => string; key: () => string | undefined } | undefined;
  /** False when the admin API has its own listener: /admin/api and /metrics are then not served here. */
  serveAdmin?: boolean;
  /** Clock for request durations. */
  now?: () => number;
  /** Removes provider keys from an upstream error body passed through (some vendors quote the key they got). */
  scrubSecrets?: ((body: Buffer) => Buffer) | undefined;
  /** The dashboard's built front end (`loadWebAssets()`); absent: `/` says how to build it. */
  webAssets?: Promise<WebAssets | undefined> | undefined;
  /** Interval of the dashboard's latency/TTFT sampler (default 60 s). */
  dashboardSampleIntervalMs?: number | undefined;
}

/** Guesses the client's dialect for errors on paths it did not reach a model endpoint through. */
function guessFormat(request: IncomingMessage, path: string): ClientFormat {
  if (path.startsWith('/v1beta/') || path.endsWith('Content')) return 'gemini';
  return path.startsWith('/v1/messages') || request.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
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
  const handleAdmin = createAdminApi(gateway, {
    adminKey: options.adminKey,
    access: options.access,
    handleJobsAdmin: options.jobs === undefined ? undefined : createJobsAdmin(options.jobs),
    dashboard,
  });
  const access = options.access;
  const jobsApi =
    options.jobs === undefined
      ? undefined
      : createJobsApi({
          jobs: options.jobs,
          routeAvailability: gateway.routeAvailability,
          bodyLimitBytes: options.bodyLimitBytes,
          readBody,
          // A job belongs to the client key that created it (401 in the client's format without a valid one).
          identify: (request) => access?.authenticate({ headers: request.headers, search: '' })?.keyId,
        });
  async function handleModelEndpoint(
    request: IncomingMessage,
    response: ServerResponse,
    matched: MatchedEndpoint,
    search: string,
    requestId: string,
    guarded: GuardedRequest | undefined,
    observed: ObservedRequest | undefined,
  ): Promise<void> {
    const { endpoint } = matched;
    guarded?.authenticate();
    const raw = await readBody(request, options.bodyLimitBytes());
    const parsed = parseJsonBody(raw, options.maxJsonDepth?.() ?? 128);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new OutlastError('OUTLAST_INVALID_REQUEST', 'The request body must be a JSON object.');
    }
    const fields = readRequestFields(endpoint, parsed as Record<string, unknown>);
    if (observed !== undefined) observed.model = matched.model ?? fields.model;
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
        model: matched.model ?? fields.model ?? '',
        passHeaders,
        requestId,
      })
    ) {
      return;
    }
    const stream = matched.stream ?? (endpoint.streams && fields.stream === true);
    const model = matched.model ?? fields.model ?? '';
    const client = guarded?.admit({ model, stream, raw, body: parsed as Record<string, unknown> });
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const gatewayRequest: GatewayRequest = {
      requestId,
      format: endpoint.format,
      operation: endpoint.operation,
      model,
      stream,
      body: parsed as Record<string, unknown>,
      raw,
      passHeaders,
      // A Gemini query holds the client's `key` and `alt`: never forwarded.
      search: endpoint.format === 'gemini' ? '' : search,
      signal: controller.signal,
      clientRetryCount: Number(request.headers['x-stainless-retry-count'] ?? 0) || 0,
      client,
      cacheControl: request.headers['cache-control'],
      cacheTtl: firstValue(request.headers['x-outlast-cache-ttl']),
    };
    if (observed?.upstreamTraceparent !== undefined) gatewayRequest.traceparent = observed.upstreamTraceparent;
    const answer = await gateway.dispatch(gatewayRequest);
    if (answer.status >= 400 && options.scrubSecrets !== undefined && Buffer.isBuffer(answer.body)) {
      answer.body = options.scrubSecrets(answer.body);
    }
    if (observed !== undefined) {
      observed.stream = answer.stream;
      observed.provider = answer.provider;
      observed.targetModel = answer.model;
      observed.attempts = answer.attempts;
      observed.fallback = answer.fallback;
      if (Buffer.isBuffer(answer.body)) observed.answerBody = answer.body;
      options.observer?.onAnswer(observed);
    }
    if (controller.signal.aborted) {
      if (!Buffer.isBuffer(answer.body)) answer.body.destroy();
      guarded?.failed(undefined);
      return;
    }
    writeAnswer(response, matched.jsonArray ? toJsonArrayAnswer(answer) : answer, requestId, endpoint.format);
    guarded?.answered(answer);
  }

  function listModels(request: IncomingMessage, response: ServerResponse, requestId: string, path: string): void {
    const models = gateway.listModels();
    if (path.startsWith('/v1beta/') || request.headers['x-goog-api-key'] !== undefined) {
      sendJson(response, 200, { models: models.map(toGeminiModel) }, requestId);
      return;
    }
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
    } else if (path === '/v1/models' || path === '/v1beta/models') {
      listModels(request, response, requestId, path);
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
    const requestId = createRequestId();
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    const matched = matchClientEndpoint(path, search);
    const endpointFormat = matched?.endpoint.format;
    if (options.draining?.() === true && path !== '/healthz' && path !== '/readyz') {
      response.setHeader('connection', 'close');
      sendError(
        response,
        new OutlastError('OUTLAST_SHUTTING_DOWN', 'The gateway is shutting down; retry on another replica.'),
        endpointFormat ?? guessFormat(request, path),
        requestId,
      );
      return;
    }
    const observer = options.observer;
    let observed: ObservedRequest | undefined;
    if (observer !== undefined) {
      const traceparent = request.headers.traceparent;
      const started: ObservedRequest = {
        requestId,
        method: request.method ?? 'GET',
        path,
        format: endpointFormat,
        model: undefined,
        stream: false,
        startedMs: (options.now ?? Date.now)(),
        status: 0,
        provider: undefined,
        targetModel: undefined,
        attempts: 0,
        fallback: false,
        traceparent: typeof traceparent === 'string' ? traceparent : undefined,
        upstreamTraceparent: undefined,
        answerBody: undefined,
      };
      observed = started;
      observer.onStart(started);
      response.once('close', () => {
        started.status = response.headersSent ? response.statusCode : 0;
        observer.onEnd(started);
      });
    }
    if (matched !== undefined) {
      const { endpoint } = matched;
      if (request.method !== 'POST') {
        sendError(
          response,
          new OutlastError('OUTLAST_METHOD_NOT_ALLOWED', `${path} takes POST, not ${request.method}.`),
          endpoint.format,
          requestId,
        );
        return;
      }
      const guarded = options.guard?.open({
        requestId,
        format: endpoint.format,
        operation: endpoint.operation,
        headers: request.headers,
        search,
      });
      handleModelEndpoint(request, response, matched, search, requestId, guarded, observed).catch((error: unknown) => {
        if (response.destroyed || (response.writableEnded && response.headersSent)) {
          guarded?.failed(undefined);
          return;
        }
        const outlastError = toOutlastError(error);
        guarded?.failed(outlastError);
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
    if (options.serveAdmin !== false && path === '/metrics' && options.metrics !== undefined) {
      serveMetrics(request, response, options.metrics);
      return;
    }
    if (options.serveAdmin !== false && path.startsWith('/admin/api/')) {
      handleAdmin(request, response, path).catch((error: unknown) => {
        options.logError('admin request failed', { requestId, error: String(error) });
        if (!response.headersSent) response.writeHead(500).end();
      });
      return;
    }
    if (path.startsWith('/v1/responses/')) {
      try {
        // The client key is the tenant of the stored responses (401 without a valid one once keys exist).
        const tenant = options.access?.authenticate({ headers: request.headers, search })?.keyId ?? '';
        if (serveStoredResponse(gateway, request, response, path, requestId, tenant)) return;
      } catch (error) {
        sendError(response, toOutlastError(error), 'openai', requestId);
        return;
      }
    }
    if (request.method === 'GET' && handleGet(request, response, path, requestId)) return;
    if (dashboard.handle(request, response, path)) return;
    const vendor = options.relayVendorPaths?.() === false ? undefined : findRelayVendor(path, request.headers, search);
    if (vendor !== undefined) {
      const guarded = options.guard?.open({
        requestId,
        format: vendor,
        operation: 'relay',
        headers: request.headers,
        search,
      });
      serveRelay({
        gateway,
        request,
        response,
        vendor,
        path,
        search,
        requestId,
        guarded,
        bodyLimitBytes: options.bodyLimitBytes(),
        scrubSecrets: options.scrubSecrets,
      }).catch((error: unknown) => {
        const outlastError = toOutlastError(error);
        guarded?.failed(outlastError);
        sendError(response, outlastError, vendor, requestId);
      });
      return;
    }
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
