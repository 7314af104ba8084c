import type { StatusComponent, StatusSummary } from './build-status-summary.ts';
import type { PublicIncident } from './describe-public-incident.ts';
import { escapeHtml } from './escape-html.ts';
import { pageStyle } from './page-style.ts';
import type { UptimeBar } from './summarize-uptime-days.ts';

const componentWords: Readonly<Record<StatusComponent['status'], string>> = {
  operational: '✓ Operational',
  degraded_performance: '▲ Degraded performance',
  partial_outage: '◆ Partial outage',
  major_outage: '✕ Major outage',
};
const indicatorIcons = { none: '✓', minor: '▲', major: '◆', critical: '✕' } as const;
const indicatorClass = {
  none: 'state-operational',
  minor: 'state-degraded',
  major: 'state-partial_outage',
  critical: 'state-major_outage',
} as const;

/** A share as a percentage with two decimals, or a dash. */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${(share * 100).toFixed(2)} %`;
}

/** Class of a day of the bar by its availability (the time-weighted figure first, else the provider's). */
function dayClass(share: number | null): string {
  if (share === null) return 'none';
  if (share >= 0.999) return 'up';
  if (share >= 0.99) return 'minor';
  if (share >= 0.95) return 'partial';
  return 'down';
}

function renderBar(provider: string, bar: UptimeBar): string {
  const days = bar.days
    .map((day) => {
      const date = new Date(day.dayStartMs).toISOString().slice(0, 10);
      const text =
        day.provider === null && day.delivered === null && day.timeWeighted === null
          ? `${date}: no data`
          : `${date}: provider ${formatShare(day.provider)}, delivered ${formatShare(day.delivered)}`;
      return `<span class="${dayClass(day.timeWeighted ?? day.provider)}" title="${escapeHtml(text)}"></span>`;
    })
    .join('');
  const summary = `${bar.days.length}-day uptime of ${provider}: provider ${formatShare(bar.provider)}, delivered ${formatShare(bar.delivered)}`;
  return `<div class="bars" role="img" aria-label="${escapeHtml(summary)}">${days}</div>
<div class="row muted"><span>${bar.days.length} days ago</span><span>provider ${formatShare(bar.provider)} · delivered ${formatShare(bar.delivered)}</span><span>today</span></div>`;
}

function renderIncident(incident: PublicIncident): string {
  const updates = incident.incident_updates
    .map(
      (update) =>
        `<li><strong>${escapeHtml(update.status)}</strong> – ${escapeHtml(update.body)} <span class="muted"><time datetime="${update.created_at}">${escapeHtml(update.created_at.replace('T', ' ').slice(0, 19))} UTC</time></span></li>`,
    )
    .join('');
  return `<article class="card" id="${escapeHtml(incident.id)}"><div class="row"><strong>${escapeHtml(incident.name)}</strong><span class="muted">impact ${escapeHtml(incident.impact)} · ${escapeHtml(incident.status)}</span></div><ol class="updates">${updates}</ol></article>`;
}

/**
 * The public status page: overall status, one card per provider (its models, its 90-day bar with both availability
 * numbers), current and past incidents with their updates, and the feeds. Server-rendered, no script, so it works
 * anywhere; it refreshes itself every 60 s.
 */
export function renderStatusPage(options: {
  summary: StatusSummary;
  pastIncidents: readonly PublicIncident[];
  bars: ReadonlyMap<string, UptimeBar>;
}): string {
  const { summary } = options;
  const groups = summary.components.filter((component) => component.group);
  const cards = groups
    .map((group) => {
      const models = summary.components
        .filter((component) => component.group_id === group.id)
        .map(
          (component) =>
            `<li><span>${escapeHtml(component.name)}</span><span class="state-${component.status}">${componentWords[component.status]}</span></li>`,
        )
        .join('');
      const bar = options.bars.get(group.name);
      return `<section class="card" aria-label="${escapeHtml(group.name)}"><div class="row"><h3 style="margin:0">${escapeHtml(group.name)}</h3><span class="state-${group.status}">${componentWords[group.status]}</span></div>${bar === undefined ? '' : renderBar(group.name, bar)}<ul class="models">${models}</ul></section>`;
    })
    .join('\n');
  const current =
    summary.incidents.length === 0
      ? '<p class="muted">No incident in progress.</p>'
      : summary.incidents.map(renderIncident).join('\n');
  const past =
    options.pastIncidents.length === 0
      ? '<p class="muted">No incident in the last 90 days.</p>'
      : options.pastIncidents.map(renderIncident).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="60"><title>${escapeHtml(summary.page.name)}</title>
<link rel="alternate" type="application/atom+xml" title="Incidents (Atom)" href="/status/feed.atom">
<link rel="alternate" type="application/rss+xml" title="Incidents (RSS)" href="/status/feed.rss">
<style>${pageStyle}</style></head>
<body><main>
<h1>${escapeHtml(summary.page.name)}</h1>
<div class="card banner ${indicatorClass[summary.status.indicator]}" role="status">${indicatorIcons[summary.status.indicator]} ${escapeHtml(summary.status.description)}</div>
<h2>Current incidents</h2>
${current}
<h2>Components</h2>
${cards}
<h2>Past incidents</h2>
${past}
<p class="muted">Updated <time datetime="${summary.page.updated_at}">${escapeHtml(summary.page.updated_at.replace('T', ' ').slice(0, 19))} UTC</time> · Subscribe: <a href="/status/feed.atom">Atom feed</a> · <a href="/status/feed.rss">RSS feed</a> · <a href="/status.json">status.json</a></p>
</main></body></html>
`;
}
