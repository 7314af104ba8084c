import type { IncidentJson } from '../server/monitor-admin-api.ts';

const time = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A Markdown post-mortem of an incident and its model children (`outlast incidents export ID`). */
export function renderPostMortem(incident: IncidentJson, children: readonly IncidentJson[]): string {
  const scope = incident.model === undefined ? incident.provider : `${incident.provider}/${incident.model}`;
  const lines = [
    `# Incident ${incident.id}: ${scope} ${incident.severity.replaceAll('_', ' ')}`,
    '',
    `- Status: ${incident.status} (public: ${incident.public_status})`,
    `- Severity (worst): ${incident.severity}`,
    `- Opened: ${time(incident.opened_at)}`,
    `- Resolved: ${incident.resolved_at === undefined ? 'not yet' : `${time(incident.resolved_at)} (${duration(incident.resolved_at - incident.opened_at)})`}`,
    `- Vendor: ${
      incident.vendor_first_seen_at === undefined
        ? 'never posted an incident'
        : `first seen ${time(incident.vendor_first_seen_at)}, detection lead ${duration(incident.detection_lead_ms ?? 0)}`
    }`,
  ];
  if (children.length > 0) {
    lines.push('', '## Models affected', '');
    for (const child of children) {
      const end = child.resolved_at === undefined ? 'open' : `until ${time(child.resolved_at)}`;
      lines.push(`- ${child.model}: ${child.severity} from ${time(child.opened_at)} ${end}`);
    }
  }
  lines.push('', '## Timeline', '', '| time (UTC) | event | details |', '|---|---|---|');
  for (const entry of incident.timeline) {
    lines.push(`| ${time(entry.at)} | ${entry.kind.replaceAll('_', ' ')} | ${entry.message.replaceAll('|', '\\|')} |`);
  }
  lines.push('', '## Notes', '', '_Root cause, impact on users and follow-ups go here._', '');
  return lines.join('\n');
}
