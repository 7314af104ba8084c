import type { Incident } from '../types.ts';

const hourMs = 3_600_000;

/** Minutes of outage per local hour of the day, over the incidents shown: when do providers fail? */
export function outageMinutesByHour(incidents: Incident[], nowMs: number): number[] {
  const minutes = Array.from({ length: 24 }, () => 0);
  for (const incident of incidents) {
    if (incident.parent_id !== undefined && incident.parent_id !== null) continue;
    const endMs = incident.resolved_at ?? nowMs;
    let atMs = incident.opened_at;
    while (atMs < endMs) {
      const hourEndMs = Math.min(endMs, (Math.floor(atMs / hourMs) + 1) * hourMs);
      minutes[new Date(atMs).getHours()]! += (hourEndMs - atMs) / 60_000;
      atMs = hourEndMs;
    }
  }
  return minutes;
}

export function HourOfDay({ incidents, nowMs }: { incidents: Incident[]; nowMs: number }) {
  const minutes = outageMinutesByHour(incidents, nowMs);
  const max = Math.max(1, ...minutes);
  const worst = minutes
    .map((value, hour) => ({ value, hour }))
    .filter((entry) => entry.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, 3)
    .map((entry) => `${entry.hour}:00 (${Math.round(entry.value)} min)`);
  return (
    <div>
      <div
        class="hours"
        role="img"
        aria-label={worst.length === 0 ? 'No outage by hour of day' : `Most outage minutes at ${worst.join(', ')}`}
      >
        {minutes.map((value, hour) => (
          <span key={hour} title={`${hour}:00–${hour + 1}:00: ${Math.round(value)} min of outage`}>
            <i style={{ height: `${(value / max) * 100}%` }} />
            <small>{hour % 3 === 0 ? hour : ''}</small>
          </span>
        ))}
      </div>
      <p class="muted">
        {worst.length === 0 ? 'No outage in the incidents shown.' : `Worst hours: ${worst.join(', ')}.`}
      </p>
    </div>
  );
}
