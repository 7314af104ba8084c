import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Gateway } from '../gateway.ts';
import { readBody } from '../server/read-body.ts';
import { resolutionMs } from '../store/history/history-store.ts';
import { buildStatusSummary, type PublicHealth } from './build-status-summary.ts';
import { createSeriesSampler, type SeriesSampler } from './create-series-sampler.ts';
import { createSessionBook, type SessionBook } from './create-session-book.ts';
import { describePublicIncident } from './describe-public-incident.ts';
import type { WebAssets } from './load-web-assets.ts';
import { renderBuildHintPage, renderDashboardShell, renderLoginPage } from './render-dashboard-page.ts';
import { renderStatusPage } from './render-status-page.ts';
import { summarizeUptimeDays, type UptimeBar } from './summarize-uptime-days.ts';

/** Name of the dashboard's session cookie. */
export const sessionCookieName = 'outlast_session';

const sessionTtlS = 12 * 3600;
const dashboardCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const statusCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
const contentTypes: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json',
  svg: 'image/svg+xml',
  woff2: 'font/woff2',
};

/** The dashboard, its login and the public status page, in front of the gateway's other routes. */
export interface DashboardRoutes {
  /** Serves `/`, `/login`, `/logout`, `/assets/*`, `/status`, `/status.json`; false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse, path: string): boolean;
  /** True when the request carries a live session cookie (the admin API accepts it like the Bearer key). */
  hasSession(request: IncomingMessage): boolean;
  /** `GET /admin/api/series` (latency and TTFT series); false for other paths. The caller has checked the key. */
  handleAdmin(request: IncomingMessage, response: ServerResponse, path: string): boolean;
  /** Stops the series sampler. */
  close(): void;
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function keyEquals(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isTls(request: IncomingMessage): boolean {
  return (request.socket as TLSSocket).encrypted === true || request.headers['x-forwarded-proto'] === 'https';
}

function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-cache',
    'content-security-policy': dashboardCsp,
    ...securityHeaders,
    ...headers,
  });
  response.end(html);
}

function redirect(response: ServerResponse, location: string, cookie?: string): void {
  response.writeHead(303, {
    location,
    'cache-control': 'no-store',
    ...(cookie === undefined ? {} : { 'set-cookie': cookie }),
  });
  response.end();
}

/** Creates the routes. `webAssets` resolves to the built front end, or undefined (a page says how to build it). */
export function createDashboardRoutes(options: {
  gateway: Gateway;
  adminKey: () => string | undefined;
  webAssets?: Promise<WebAssets | undefined> | undefined;
  now?: () => number;
  sessions?: SessionBook;
  /** Interval of the latency/TTFT sampler (default 60 s). */
  sampleIntervalMs?: number | undefined;
  logError?: (message: string, fields: Record<string, unknown>) => void;
}): DashboardRoutes {
  const { gateway } = options;
  const now = options.now ?? gateway.monitor?.now ?? Date.now;
  const sessions = options.sessions ?? createSessionBook({ now, ttlMs: sessionTtlS * 1000 });
  let assets: WebAssets | undefined;
  let assetsSettled = false;
  const assetsReady = (options.webAssets ?? Promise.resolve(undefined)).then(
    (loaded) => {
      assets = loaded;
      assetsSettled = true;
    },
    () => {
      assetsSettled = true;
    },
  );
  const monitor = gateway.monitor;
  const sampler: SeriesSampler | undefined =
    monitor === undefined
      ? undefined
      : createSeriesSampler({ health: () => monitor.health(), now, intervalMs: options.sampleIntervalMs });

  function cookieFor(request: IncomingMessage, id: string, maxAgeS: number): string {
    return `${sessionCookieName}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${isTls(request) ? '; Secure' : ''}`;
  }

  function hasSession(request: IncomingMessage): boolean {
    return sessions.isValid(readCookie(request, sessionCookieName));
  }

  function serveShell(response: ServerResponse, headers: Record<string, string> = {}): void {
    const send = () =>
      assets === undefined
        ? sendHtml(response, 200, renderBuildHintPage(), headers)
        : sendHtml(response, 200, renderDashboardShell(assets.manifest), headers);
    if (assetsSettled) send();
    else void assetsReady.then(send);
  }

  function serveRoot(request: IncomingMessage, response: ServerResponse): void {
    const key = options.adminKey();
    if (key === undefined) {
      sendHtml(response, 403, renderLoginPage({ adminOff: true }));
      return;
    }
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ') === true && keyEquals(authorization.slice(7), key)) {
      // The key as a header (a proxy or a script): a session lets the page's own requests and SSE follow.
      serveShell(response, { 'set-cookie': cookieFor(request, sessions.open(), sessionTtlS) });
      return;
    }
    if (hasSession(request)) {
      serveShell(response);
      return;
    }
    sendHtml(response, 401, renderLoginPage({}));
  }

  async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const key = options.adminKey();
    if (key === undefined) {
      sendHtml(response, 403, renderLoginPage({ adminOff: true }));
      return;
    }
    const body = await readBody(request, 16 * 1024);
    const given = new URLSearchParams(body.toString('utf8')).get('key') ?? '';
    if (!keyEquals(given, key)) {
      sendHtml(response, 401, renderLoginPage({ error: 'That is not the admin key.' }));
      return;
    }
    redirect(response, '/', cookieFor(request, sessions.open(), sessionTtlS));
  }

  function publicHealth(): PublicHealth {
    if (monitor !== undefined) return monitor.health();
    const config = gateway.config();
    return {
      providers: config.providers.map((provider) => ({ provider: provider.id, state: null })),
      targets: config.routes.flatMap((route) =>
        route.targets.map((target) => ({ provider: target.provider, model: target.model, state: null })),
      ),
    };
  }

  function statusData(request: IncomingMessage) {
    const nowMs = now();
    const baseUrl = `${isTls(request) ? 'https' : 'http'}://${request.headers.host ?? '127.0.0.1'}`;
    const incidents = monitor?.incidents({ fromMs: nowMs - 90 * resolutionMs.day }) ?? [];
    const health = publicHealth();
    const summary = buildStatusSummary({ health, incidents, nowMs, baseUrl });
    return { nowMs, baseUrl, incidents, health, summary };
  }

  function serveStatus(request: IncomingMessage, response: ServerResponse, json: boolean): void {
    const { nowMs, baseUrl, incidents, health, summary } = statusData(request);
    if (json) {
      const body = JSON.stringify(summary);
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'public, max-age=10',
        'access-control-allow-origin': '*',
        ...securityHeaders,
      });
      response.end(body);
      return;
    }
    const pastIncidents = incidents
      .filter((incident) => incident.parentId === undefined && incident.status === 'resolved')
      .sort((a, b) => b.openedAt - a.openedAt)
      .slice(0, 50)
      .map((incident) =>
        describePublicIncident(
          incident,
          incidents.filter((child) => child.parentId === incident.id),
          { pageId: summary.page.id, baseUrl },
        ),
      );
    const bars = new Map<string, UptimeBar>();
    for (const provider of health.providers) {
      const buckets =
        monitor?.history({
          provider: provider.provider,
          model: '',
          resolution: 'hour',
          fromMs: nowMs - 90 * resolutionMs.day,
          toMs: nowMs + resolutionMs.hour,
        }) ?? [];
      bars.set(provider.provider, summarizeUptimeDays({ buckets, nowMs }));
    }
    const html = renderStatusPage({ summary, pastIncidents, bars });
    sendHtml(response, 200, html, { 'content-security-policy': statusCsp });
  }

  function serveAsset(response: ServerResponse, path: string): boolean {
    const file = assets?.files.get(path.slice(1));
    if (file === undefined) return false;
    response.writeHead(200, {
      'content-type': contentTypes[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      'content-length': file.length,
      // Hashed names: a new build is a new name, so a cached copy never goes stale.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    response.end(file);
    return true;
  }

  return {
    hasSession,
    handle(request, response, path) {
      const method = request.method;
      if (path === '/' && (method === 'GET' || method === 'HEAD')) serveRoot(request, response);
      else if (path === '/login' && method === 'POST') {
        login(request, response).catch((error: unknown) => {
          options.logError?.('dashboard login failed', { error: String(error) });
          if (!response.headersSent) sendHtml(response, 400, renderLoginPage({ error: 'The form could not be read.' }));
        });
      } else if (path === '/login' && method === 'GET') redirect(response, '/');
      else if (path === '/logout' && method === 'POST') {
        sessions.close(readCookie(request, sessionCookieName));
        redirect(response, '/', cookieFor(request, '', 0));
      } else if (path === '/status' && method === 'GET') serveStatus(request, response, false);
      else if (path === '/status.json' && method === 'GET') serveStatus(request, response, true);
      else if (path.startsWith('/assets/') && method === 'GET') return serveAsset(response, path);
      else return false;
      return true;
    },
    handleAdmin(request, response, path) {
      if (path !== '/admin/api/series' || request.method !== 'GET') return false;
      const query = new URL(request.url ?? '/', 'http://admin').searchParams;
      const fromMs = now() - (query.get('span') === 'day' ? resolutionMs.day : resolutionMs.hour);
      const body = JSON.stringify({ from: fromMs, targets: sampler?.series(fromMs) ?? [] });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      return true;
    },
    close() {
      sampler?.stop();
    },
  };
}
