import { percent } from '../format.ts';
import type { HistoryAnswer } from '../types.ts';

const dayMs = 86_400_000;

function dayClass(share: number | undefined): string {
  if (share === undefined) return 'none';
  if (share >= 0.999) return 'up';
  if (share >= 0.99) return 'minor';
  if (share >= 0.95) return 'partial';
  return 'down';
}

/** 90 days per provider, with both availability numbers: what the provider did and what clients got. */
export function UptimeBars({ uptime, nowMs }: { uptime: Map<string, HistoryAnswer>; nowMs: number }) {
  const todayMs = Math.floor(nowMs / dayMs) * dayMs;
  return (
    <div class="uptime">
      {[...uptime].map(([provider, answer]) => {
        const byDay = new Map(answer.buckets.map((bucket) => [Math.floor(bucket.startMs / dayMs) * dayMs, bucket]));
        const days = Array.from({ length: 90 }, (_, index) => todayMs - (89 - index) * dayMs);
        return (
          <div key={provider} class="uptime-row">
            <div class="row">
              <strong>{provider}</strong>
              <span>
                provider {percent(answer.figures.providerAvailability)} · delivered{' '}
                {percent(answer.figures.deliveredAvailability)}
              </span>
            </div>
            <div
              class="bars"
              role="img"
              aria-label={`90-day uptime of ${provider}: provider ${percent(answer.figures.providerAvailability)}, delivered ${percent(answer.figures.deliveredAvailability)}`}
            >
              {days.map((day) => {
                const bucket = byDay.get(day);
                const attempts = bucket === undefined ? 0 : bucket.ok + bucket.error;
                const delivered = bucket === undefined ? 0 : bucket.delivered_ok + bucket.delivered_error;
                const share = attempts === 0 ? undefined : (bucket?.ok ?? 0) / attempts;
                const deliveredShare = delivered === 0 ? undefined : (bucket?.delivered_ok ?? 0) / delivered;
                const date = new Date(day).toISOString().slice(0, 10);
                return (
                  <span
                    key={day}
                    class={dayClass(share)}
                    title={`${date}: provider ${percent(share)}, delivered ${percent(deliveredShare)}`}
                  />
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
