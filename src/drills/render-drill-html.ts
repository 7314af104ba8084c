import { renderDrillMarkdown } from './render-drill-markdown.ts';
import type { DrillReport } from './run-drill.ts';

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** An inline SVG chart of availability over time, fault windows shaded, detection and vendor post marked (pure). */
export function renderAvailabilityChart(report: DrillReport): string {
  const width = 720;
  const height = 220;
  const left = 40;
  const top = 10;
  const plotW = width - left - 10;
  const plotH = height - top - 30;
  const x = (offsetMs: number) => left + (offsetMs / report.durationMs) * plotW;
  const y = (value: number) => top + (1 - value / 100) * plotH;
  const line = (key: 'outlast' | 'direct') =>
    report.figures.buckets
      .filter((bucket) => bucket[key] !== undefined)
      .map((bucket) => `${x(bucket.offsetMs).toFixed(1)},${y(bucket[key] ?? 0).toFixed(1)}`)
      .join(' ');
  const shades = report.faultWindows
    .map(
      (window) =>
        `<rect x="${x(window.startMs).toFixed(1)}" y="${top}" width="${(x(window.endMs) - x(window.startMs)).toFixed(1)}" height="${plotH}" fill="#f8d7da"/>`,
    )
    .join('');
  const opened = report.incidentEvents.find((event) => event.kind === 'opened');
  const marker = (offsetMs: number | undefined, color: string, label: string, labelY: number) =>
    offsetMs === undefined
      ? ''
      : `<line x1="${x(offsetMs).toFixed(1)}" x2="${x(offsetMs).toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="${color}" stroke-dasharray="4 3"/><text x="${(x(offsetMs) + 3).toFixed(1)}" y="${labelY}" font-size="10" fill="${color}">${label}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Availability over time">`,
    shades,
    `<line x1="${left}" x2="${left + plotW}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>`,
    `<text x="4" y="${y(100) + 4}" font-size="10">100%</text><text x="4" y="${y(50) + 4}" font-size="10">50%</text><text x="4" y="${y(0) + 4}" font-size="10">0%</text>`,
    `<polyline fill="none" stroke="#c0392b" stroke-width="1.5" points="${line('direct')}"/>`,
    `<polyline fill="none" stroke="#1e8449" stroke-width="2" points="${line('outlast')}"/>`,
    marker(opened?.offsetMs, '#1f4e79', 'Outlast detects', top + 24),
    marker(report.vendorSeenOffsetMs, '#7d3c98', 'vendor page', top + 38),
    `<text x="${left}" y="${height - 8}" font-size="11" fill="#1e8449">through Outlast</text>`,
    `<text x="${left + 110}" y="${height - 8}" font-size="11" fill="#c0392b">direct to the primary</text>`,
    `<text x="${left + 260}" y="${height - 8}" font-size="11" fill="#b03a2e">shaded: faults</text>`,
    '</svg>',
  ].join('');
}

/** A self-contained HTML report (inline SVG, inline CSS, no external asset) (pure). */
export function renderDrillHtml(reports: readonly DrillReport[]): string {
  const sections = reports.map(
    (report) =>
      `<section><h2>${escapeHtml(report.title)}</h2>${renderAvailabilityChart(report)}<pre>${escapeHtml(renderDrillMarkdown(report))}</pre></section>`,
  );
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outlast drill report</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;color:#222}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em;font-size:12px}</style>',
    '</head><body><h1>Outlast drill report</h1>',
    ...sections,
    '</body></html>',
  ].join('\n');
}
