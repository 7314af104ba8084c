import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderIncidentsAtom } from '../alerts/feeds/render-incidents-atom.ts';
import { renderIncidentsRss } from '../alerts/feeds/render-incidents-rss.ts';
import type { Incident } from '../core/monitoring.ts';

/** Paths of the public incident feeds. */
export const STATUS_FEED_PATHS = new Set(['/status/feed.atom', '/status/feed.rss']);

/** Serves `/status/feed.atom` and `/status/feed.rss` from the current incidents (public, like a status page). */
export function serveStatusFeed(options: {
  request: IncomingMessage;
  response: ServerResponse;
  path: string;
  listIncidents: () => readonly Incident[];
}): void {
  const { request, response, path } = options;
  const host = request.headers.host ?? '127.0.0.1';
  const feedOptions = { baseUrl: `http://${host}`, title: 'Outlast status' };
  const atom = path === '/status/feed.atom';
  const incidents = options.listIncidents();
  const body = atom ? renderIncidentsAtom(incidents, feedOptions) : renderIncidentsRss(incidents, feedOptions);
  response.writeHead(200, {
    'content-type': atom ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'public, max-age=30',
  });
  response.end(body);
}
