import type { Incident } from '../../core/monitoring.ts';
import { escapeXml } from './escape-xml.ts';
import { type IncidentFeedOptions, toFeedEntries } from './feed-entries.ts';

/** RFC 822 date as RSS 2.0 wants it, e.g. `Mon, 02 Mar 2026 11:49:00 +0000`. */
function rfc822(at: number): string {
  return new Date(at).toUTCString().replace('GMT', '+0000');
}

/**
 * The incidents as an RSS 2.0 feed, one item per incident with its latest update (pure).
 * @see https://www.rssboard.org/rss-specification
 */
export function renderIncidentsRss(incidents: readonly Incident[], options: IncidentFeedOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const entries = toFeedEntries(incidents, options);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${escapeXml(options.title)}</title>`,
    `    <link>${escapeXml(`${base}/status`)}</link>`,
    `    <description>${escapeXml(`Incidents seen by Outlast: ${options.title}`)}</description>`,
    `    <atom:link href="${escapeXml(`${base}/status/feed.rss`)}" rel="self" type="application/rss+xml"/>`,
    '    <generator>Outlast</generator>',
  ];
  if (entries[0] !== undefined) lines.push(`    <lastBuildDate>${rfc822(entries[0].updatedAt)}</lastBuildDate>`);
  for (const entry of entries) {
    lines.push(
      '    <item>',
      `      <title>${escapeXml(entry.title)}</title>`,
      `      <link>${escapeXml(entry.link)}</link>`,
      `      <description>${escapeXml(entry.summary)}</description>`,
      `      <guid isPermaLink="false">${escapeXml(`${entry.id}@${entry.updatedAt}`)}</guid>`,
      `      <pubDate>${rfc822(entry.updatedAt)}</pubDate>`,
      '    </item>',
    );
  }
  lines.push('  </channel>', '</rss>', '');
  return lines.join('\n');
}
