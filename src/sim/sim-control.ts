import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultRules } from './parse-fault-rules.ts';
import type { Route } from './route-request.ts';
import type { SimContext } from './sim-context.ts';
import { mergeSimKnobs, simKnobsUpdateSchema } from './sim-knobs.ts';
import { zodProblems } from './zod-problems.ts';

const maxControlBodyBytes = 1024 * 1024;

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  response.end(bytes);
}

function sendProblem(response: ServerResponse, status: number, message: string, problems?: unknown): void {
  sendJson(response, status, { error: problems === undefined ? { message } : { message, problems } });
}

async function readJson(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxControlBodyBytes) return { ok: false };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

async function serveFaults(context: SimContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET') {
    sendJson(response, 200, { rules: context.faults.list() });
  } else if (request.method === 'DELETE') {
    context.faults.clear();
    sendJson(response, 200, { rules: [] });
  } else if (request.method !== 'POST') {
    sendProblem(response, 405, 'Use GET, POST or DELETE on /sim/faults.');
  } else {
    const body = await readJson(request);
    const parsed = body.ok ? parseFaultRules(body.value) : undefined;
    if (parsed === undefined) {
      sendProblem(response, 400, 'The body must be a fault rule or an array of rules, as JSON.');
    } else if (!parsed.ok) {
      sendProblem(response, 400, 'Invalid fault rule.', parsed.problems);
    } else {
      context.faults.add(parsed.rules);
      sendJson(response, 200, { rules: context.faults.list() });
    }
  }
}

function serveStats(context: SimContext, request: IncomingMessage, response: ServerResponse): void {
  if (request.method === 'DELETE') context.stats.reset();
  if (request.method === 'GET' || request.method === 'DELETE') sendJson(response, 200, context.stats.snapshot());
  else sendProblem(response, 405, 'Use GET or DELETE on /sim/stats.');
}

async function serveConfig(context: SimContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET') {
    sendJson(response, 200, context.knobs);
    return;
  }
  if (request.method !== 'POST') {
    sendProblem(response, 405, 'Use GET or POST on /sim/config.');
    return;
  }
  const body = await readJson(request);
  const parsed = simKnobsUpdateSchema.safeParse(body.ok ? body.value : undefined);
  if (!parsed.success) {
    sendProblem(response, 400, 'Invalid knobs.', zodProblems(parsed.error));
    return;
  }
  context.knobs = mergeSimKnobs(context.knobs, parsed.data);
  sendJson(response, 200, context.knobs);
}

/** A control request to serve. */
export interface ControlRequest {
  /** Shared simulator state. */
  context: SimContext;
  /** Its route (a `sim-*` kind, or `not-found`). */
  route: Route;
  /** The request. */
  request: IncomingMessage;
  /** The response. */
  response: ServerResponse;
}

/** Serves the control endpoints: `/sim/faults`, `/sim/stats`, `/sim/config`, `/sim/status/{vendor}`. Never subject to faults nor counted. */
export function serveControl(control: ControlRequest): void {
  const { context, route, request, response } = control;
  let work: Promise<void> | undefined;
  if (route.kind === 'sim-faults') work = serveFaults(context, request, response);
  else if (route.kind === 'sim-config') work = serveConfig(context, request, response);
  else if (route.kind === 'sim-stats') serveStats(context, request, response);
  else if (route.kind === 'sim-status') {
    const url = request.url ?? '/';
    const mark = url.indexOf('?');
    work = context.statusPages.serve(request, response, mark === -1 ? url : url.slice(0, mark));
  } else
    sendProblem(response, 404, 'Unknown simulator endpoint: use /sim/faults, /sim/stats, /sim/config or /sim/status.');
  work?.catch(() => {
    if (!response.headersSent) sendProblem(response, 500, 'Simulator control failed.');
    else response.destroy();
  });
}
