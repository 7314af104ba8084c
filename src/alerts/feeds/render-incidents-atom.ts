import type { Incident } from '../../core/monitoring.ts';
import { escapeXml } from './escape-xml.ts';
import { type IncidentFeedOptions, toFeedEntries } from './feed-entries.ts';

function iso(at: number): string {
  return new Date(at).toISOString();
}

/**
 * The incidents as an Atom 1.0 feed (RFC 4287), one entry per incident with its latest update (pure).
 * @see https://www.rfc-editor.org/rfc/rfc4287
 */
export function renderIncidentsAtom(incidents: readonly Incident[], options: IncidentFeedOptions): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const entries = toFeedEntries(incidents, options);
  const updated = entries[0]?.updatedAt ?? 0;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(`${base}/status/feed.atom`)}</id>`,
    `  <title>${escapeXml(options.title)}</title>`,
    `  <updated>${iso(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/status/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/status`)}"/>`,
    '  <author><name>Outlast</name></author>',
    '  <generator>Outlast</generator>',
  ];
  for (const entry of entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(`urn:outlast:incident:${entry.id}`)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${iso(entry.updatedAt)}</updated>`,
      `    <published>${iso(entry.publishedAt)}</published>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `    <summary type="text">${escapeXml(entry.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
