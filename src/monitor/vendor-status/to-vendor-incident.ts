import type { VendorIncident } from '../../core/monitoring.ts';
import type { StatuspageIncident } from './parse-statuspage-incidents.ts';

/**
 * The upstream models a vendor incident concerns (pure): an incident tied to no component concerns the whole
 * provider (`*`: Anthropic often posts such incidents); otherwise the union of the globs its components map to,
 * matched by name or id; empty when none of them is mapped (another product: claude.ai, Claude Code...).
 * Without a mapping, every component covers the whole provider.
 */
export function mapIncidentModels(
  incident: Pick<StatuspageIncident, 'components'>,
  components: Readonly<Record<string, readonly string[]>> | undefined,
): string[] {
  if (incident.components.length === 0 || components === undefined) return ['*'];
  const models = new Set<string>();
  for (const component of incident.components) {
    for (const glob of components[component.name] ?? components[component.id] ?? []) models.add(glob);
  }
  return models.has('*') ? ['*'] : [...models].sort();
}

/** Turns a parsed Statuspage incident into the monitoring contract's VendorIncident (pure). */
export function toVendorIncident(options: {
  incident: StatuspageIncident;
  provider: string;
  components: Readonly<Record<string, readonly string[]>> | undefined;
  firstSeenAt: number;
}): VendorIncident {
  const { incident } = options;
  return {
    id: incident.id,
    provider: options.provider,
    name: incident.name,
    status: incident.status,
    impact: incident.impact,
    models: mapIncidentModels(incident, options.components),
    createdAt: incident.createdAt,
    firstSeenAt: options.firstSeenAt,
    resolvedAt: incident.resolvedAt,
    maintenance: incident.maintenance,
    scheduledFor: incident.scheduledFor,
    scheduledUntil: incident.scheduledUntil,
    updates: incident.updates.map((update) => ({ at: update.at, status: update.status, body: update.body })),
  };
}
