import { type HealthState, healthStates, type IncidentEvent, type IncidentEventKind } from '../core/monitoring.ts';
import { type BusinessHours, isWithinBusinessHours } from './is-within-business-hours.ts';

/** What routing reads of a channel's settings. */
export interface ChannelRouting {
  /** Channel name. */
  name: string;
  /** Least severe incident it hears about. */
  min_severity: Exclude<HealthState, 'operational'>;
  /** When it is alerted. */
  hours: 'always' | 'only_business_hours' | 'outside_hours';
  /** Event kinds it takes. */
  events: readonly IncidentEventKind[];
}

/** Inputs of one routing decision. */
export interface RouteIncidentEventOptions {
  /** The event to route. */
  event: IncidentEvent;
  /** Configured channels. */
  channels: readonly ChannelRouting[];
  /** Business hours, when configured (without them, hour-bound channels never match). */
  businessHours?: BusinessHours | undefined;
  /** Channels already alerted of this incident (a resolve goes to them, and only them). */
  alerted: readonly string[];
}

/**
 * Which channels an incident event goes to (pure). Opened, severity changed and vendor acknowledged: the channels
 * whose min_severity the incident reaches and whose hours match the event time. Resolved: the channels that were
 * alerted of the incident, whatever the hour, so that no one is left with an open page and no one hears of an
 * incident only when it ends.
 */
export function routeIncidentEvent(options: RouteIncidentEventOptions): string[] {
  const { event } = options;
  const rank = healthStates.indexOf(event.incident.severity);
  const names: string[] = [];
  for (const channel of options.channels) {
    if (!channel.events.includes(event.kind)) continue;
    if (event.kind === 'resolved') {
      if (options.alerted.includes(channel.name)) names.push(channel.name);
      continue;
    }
    if (rank < healthStates.indexOf(channel.min_severity)) continue;
    if (channel.hours !== 'always') {
      if (options.businessHours === undefined) continue;
      const inside = isWithinBusinessHours(event.at, options.businessHours);
      if (inside !== (channel.hours === 'only_business_hours')) continue;
    }
    names.push(channel.name);
  }
  return names;
}
