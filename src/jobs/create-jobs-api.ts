import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireFormat } from '../core/provider-adapter.ts';
import { OutlastError } from '../errors/outlast-error.ts';
import { type ClientFormat, renderError, toOutlastError } from '../errors/render-error.ts';
import type { ClientEndpoint } from '../formats/client-endpoints.ts';
import { parseJsonBody } from '../formats/shared/parse-request-body.ts';
import type { TargetAvailability } from '../policies/target-state.ts';
import type { JobRecord } from '../store/jobs/jobs-store.ts';
import type { JobService } from './create-job-service.ts';
import { type JobOptions, parseJobSubmission } from './parse-job-submission.ts';
import { renderJob } from './render-job.ts';

/** What the client-facing jobs API needs. */
export interface JobsApiOptions {
  /** The jobs subsystem. */
  jobs: JobService;
  /** Route health; undefined when nothing serves the model (such a job is refused at once). */
  routeAvailability: (model: string, format: WireFormat) => TargetAvailability[] | undefined;
  /** Largest accepted request body. */
  bodyLimitBytes: () => number;
  /** Reads a whole request body within the limit. */
  readBody: (request: IncomingMessage, limitBytes: number) => Promise<Buffer>;
  /**
   * Identity of the calling client key, which owns the jobs it creates and alone may read them. Undefined when the
   * gateway has no client keys: then any caller may read a job by its (unguessable) id. The keys work plugs in here.
   */
  identify: (request: IncomingMessage) => string | undefined;
}

/** A model request that asked `Prefer: respond-async`, already validated by its endpoint. */
export interface AsyncModelRequest {
  /** The endpoint called. */
  endpoint: ClientEndpoint;
  /** The parsed body. */
  body: Record<string, unknown>;
  /** The model it names. */
  model: string;
  /** Headers passed upstream. */
  passHeaders: Readonly<Record<string, string>>;
  /** The request id. */
  requestId: string;
}

/** The path prefix of the client-facing jobs API. */
export const jobsPath = '/v1/outlast/jobs';

function sendJob(response: ServerResponse, job: JobRecord, status: number, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(renderJob(job));
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    location: `${jobsPath}/${job.id}`,
    ...extra,
  });
  response.end(body);
}

function sendError(response: ServerResponse, error: OutlastError, format: ClientFormat, requestId: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const rendered = renderError(error, format, requestId);
  rendered.headers['x-outlast-request-id'] = requestId;
  rendered.headers['content-length'] = String(Buffer.byteLength(rendered.body));
  response.writeHead(rendered.status, rendered.headers);
  response.end(rendered.body);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Job options of a `Prefer: respond-async` request, from its headers. */
function optionsFromHeaders(request: IncomingMessage): JobOptions {
  const callbackUrl = headerValue(request, 'x-outlast-callback-url');
  if (callbackUrl !== undefined) {
    const protocol = URL.parse(callbackUrl)?.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw invalidHeader('x-outlast-callback-url', 'must be an http(s) URL');
    }
  }
  const deadline = headerValue(request, 'x-outlast-deadline-s');
  const deadlineS = deadline === undefined ? undefined : Number(deadline);
  if (deadlineS !== undefined && !(Number.isInteger(deadlineS) && deadlineS > 0 && deadlineS <= 1_728_000)) {
    throw invalidHeader('x-outlast-deadline-s', 'must be a whole number of seconds from 1 to 1728000');
  }
  const priorityText = headerValue(request, 'x-outlast-priority');
  const priority = priorityText === undefined ? 0 : Number(priorityText);
  if (!(Number.isInteger(priority) && Math.abs(priority) <= 1000)) {
    throw invalidHeader('x-outlast-priority', 'must be an integer from -1000 to 1000');
  }
  const idempotencyKey = headerValue(request, 'idempotency-key');
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) {
    throw invalidHeader('idempotency-key', 'must be 1 to 255 characters');
  }
  return { callbackUrl, deadlineS, priority, idempotencyKey };
}

function invalidHeader(name: string, problem: string): OutlastError {
  return new OutlastError('OUTLAST_INVALID_REQUEST', `Invalid header \`${name}\`: ${problem}.`, { param: name });
}

function unknownModel(model: string, param: string): OutlastError {
  return new OutlastError(
    'OUTLAST_UNKNOWN_MODEL',
    `The model \`${model}\` is not served here: no route has this name and no provider lists it.`,
    { param },
  );
}

/**
 * The client-facing jobs API: `POST /v1/outlast/jobs` (202 and the job, 200 for a replayed idempotency key),
 * `GET /v1/outlast/jobs/{id}`, and `Prefer: respond-async` on the model endpoints. Errors are in the client's format.
 */
export function createJobsApi(options: JobsApiOptions) {
  const { jobs } = options;

  async function submitEnvelope(request: IncomingMessage, response: ServerResponse, requestId: string) {
    let format: ClientFormat = request.headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
    try {
      const raw = await options.readBody(request, options.bodyLimitBytes());
      const parsed = parseJsonBody(raw);
      if (typeof parsed === 'object' && parsed !== null && (parsed as { format?: unknown }).format === 'anthropic') {
        format = 'anthropic';
      }
      const submission = parseJobSubmission(parsed);
      format = submission.endpoint.format;
      if (options.routeAvailability(submission.model, format) === undefined) {
        throw unknownModel(submission.model, 'request.model');
      }
      const passHeaders: Record<string, string> = {};
      for (const name of submission.endpoint.passHeaders) {
        const value = headerValue(request, name);
        if (value !== undefined) passHeaders[name] = value;
      }
      const { job, created } = jobs.submit({
        ...submission,
        format,
        operation: submission.endpoint.operation,
        passHeaders,
        owner: options.identify(request),
      });
      sendJob(response, job, created ? 202 : 200, { 'x-outlast-request-id': requestId });
    } catch (error) {
      sendError(response, toOutlastError(error), format, requestId);
    }
  }

  return {
    /** Serves a path under /v1/outlast/jobs. */
    async handle(request: IncomingMessage, response: ServerResponse, path: string, requestId: string): Promise<void> {
      const format: ClientFormat = request.headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
      if (!jobs.enabled()) {
        sendError(response, new OutlastError('OUTLAST_JOBS_DISABLED', 'Async jobs are turned off.'), format, requestId);
        return;
      }
      if (path === jobsPath) {
        if (request.method !== 'POST') {
          const error = new OutlastError('OUTLAST_METHOD_NOT_ALLOWED', `${path} takes POST, not ${request.method}.`);
          sendError(response, error, format, requestId);
          return;
        }
        await submitEnvelope(request, response, requestId);
        return;
      }
      const id = decodeURIComponent(path.slice(jobsPath.length + 1));
      if (request.method !== 'GET' || id.includes('/')) {
        const error = new OutlastError('OUTLAST_NOT_FOUND', `No such endpoint: ${request.method} ${path}.`);
        sendError(response, error, format, requestId);
        return;
      }
      let owner: string | undefined;
      try {
        owner = options.identify(request);
      } catch (error) {
        sendError(response, toOutlastError(error), format, requestId);
        return;
      }
      const job = jobs.read(id, owner);
      if (job === undefined) {
        const error = new OutlastError('OUTLAST_JOB_NOT_FOUND', `No job \`${id}\`.`, { param: 'id' });
        sendError(response, error, format, requestId);
        return;
      }
      sendJob(response, job, 200, { 'x-outlast-request-id': requestId });
    },

    /** Queues a validated model request that asked `Prefer: respond-async`; false when jobs are off (serve it now). */
    submitAsync(request: IncomingMessage, response: ServerResponse, asked: AsyncModelRequest): boolean {
      if (!jobs.enabled()) return false;
      const jobOptions = optionsFromHeaders(request);
      if (options.routeAvailability(asked.model, asked.endpoint.format) === undefined) {
        throw unknownModel(asked.model, 'model');
      }
      const { job, created } = jobs.submit({
        ...jobOptions,
        format: asked.endpoint.format,
        operation: asked.endpoint.operation,
        body: asked.body,
        passHeaders: asked.passHeaders,
        owner: options.identify(request),
      });
      sendJob(response, job, created ? 202 : 200, {
        'preference-applied': 'respond-async',
        'x-outlast-request-id': asked.requestId,
      });
      return true;
    },
  };
}

/** The client-facing jobs API. */
export type JobsApi = ReturnType<typeof createJobsApi>;
