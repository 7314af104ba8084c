import type { HealthState, IncidentEvent } from '../core/monitoring.ts';

/** Plain words for an incident event, shared by every channel. */
export interface IncidentEventText {
  /** One line, e.g. "Incident opened: anthropic/claude-sonnet-4-6 major outage". */
  title: string;
  /** A few lines: the latest timeline entry, when it opened, how long it lasted. */
  body: string;
  /** What is affected: `provider` or `provider/model`. */
  subject: string;
  /** The severity in words, e.g. "major outage". */
  severity: string;
}

const severityWords: Readonly<Record<Exclude<HealthState, 'operational'>, string>> = {
  degraded: 'degraded',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
};

function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Describes an incident event in plain words (pure). */
export function describeIncidentEvent(event: IncidentEvent): IncidentEventText {
  const { incident } = event;
  const subject = incident.model === undefined ? incident.provider : `${incident.provider}/${incident.model}`;
  const severity = severityWords[incident.severity];
  const titles = {
    opened: `Incident opened: ${subject} ${severity}`,
    severity_changed: `Incident on ${subject} is now ${incident.severity === 'degraded' ? severity : `a ${severity}`}`,
    vendor_acknowledged: `Vendor acknowledged the incident on ${subject}`,
    resolved: `Resolved: ${subject}`,
  } as const;
  const lines: string[] = [];
  const latest = incident.timeline.at(-1);
  if (latest !== undefined) lines.push(latest.message);
  lines.push(`Opened ${formatUtc(incident.openedAt)} (incident ${incident.id}).`);
  if (incident.resolvedAt !== undefined) {
    lines.push(
      `Resolved ${formatUtc(incident.resolvedAt)}, after ${formatDuration(incident.resolvedAt - incident.openedAt)}.`,
    );
  }
  return { title: titles[event.kind], body: lines.join('\n'), subject, severity };
}
