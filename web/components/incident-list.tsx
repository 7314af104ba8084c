import { dateTime, duration, stateText } from '../format.ts';
import type { Incident } from '../types.ts';

const vendorKinds = new Set(['vendor_posted', 'vendor_update']);

/** Incidents with their timelines, Outlast's view and the vendor's side by side. */
export function IncidentList({ incidents, nowMs }: { incidents: Incident[]; nowMs: number }) {
  const parents = incidents.filter((incident) => incident.parent_id === undefined || incident.parent_id === null);
  if (parents.length === 0) return <p class="muted">No incident in the last 90 days.</p>;
  return (
    <div class="incidents">
      {parents.map((incident) => {
        const children = incidents.filter((child) => child.parent_id === incident.id);
        const ours = incident.timeline.filter((entry) => !vendorKinds.has(entry.kind));
        const vendor = incident.timeline.filter((entry) => vendorKinds.has(entry.kind));
        const severity = stateText[incident.severity];
        return (
          <details
            key={incident.id}
            class={`incident ${incident.status}`}
            data-incident={incident.id}
            open={incident.status === 'open'}
          >
            <summary>
              <span class={`badge state-${incident.status === 'open' ? incident.severity : 'operational'}`}>
                <span aria-hidden="true">{incident.status === 'open' ? severity.icon : '✓'}</span>{' '}
                {incident.status === 'open' ? `Open: ${severity.label}` : 'Resolved'}
              </span>{' '}
              <strong>{incident.provider}</strong>
              {children.length > 0 && ` (${children.map((child) => child.model).join(', ')})`} · since{' '}
              {dateTime(incident.opened_at)} · {duration(incident.opened_at, incident.resolved_at ?? nowMs)} · public:{' '}
              {incident.public_status}
            </summary>
            <div class="side-by-side">
              <section aria-label="Seen by Outlast">
                <h4>Seen by Outlast</h4>
                <ol class="timeline">
                  {ours.map((entry) => (
                    <li key={`${entry.at}-${entry.kind}`}>
                      <time>{new Date(entry.at).toLocaleTimeString()}</time> {entry.message}
                    </li>
                  ))}
                </ol>
              </section>
              <section aria-label="Vendor status">
                <h4>Vendor status</h4>
                {vendor.length === 0 ? (
                  <p class="muted">
                    The vendor's status page shows nothing about it{incident.status === 'open' ? ' yet' : ''}.
                  </p>
                ) : (
                  <ol class="timeline">
                    {vendor.map((entry) => (
                      <li key={`${entry.at}-${entry.kind}`}>
                        <time>{new Date(entry.at).toLocaleTimeString()}</time> {entry.message}
                      </li>
                    ))}
                  </ol>
                )}
                {incident.detection_lead_ms !== undefined && incident.detection_lead_ms !== null && (
                  <p>Outlast saw it {Math.round(incident.detection_lead_ms / 1000)} s before the vendor posted.</p>
                )}
              </section>
            </div>
          </details>
        );
      })}
    </div>
  );
}
