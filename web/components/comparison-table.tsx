import { ms, percent } from '../format.ts';
import type { HealthReport, HistoryAnswer, Incident } from '../types.ts';
import { StateBadge } from './state-badge.tsx';

/** One row per provider: state, availability (both numbers) over 24 h, latency, TTFT, moved requests, incidents. */
export function ComparisonTable(props: {
  health: HealthReport;
  day: Map<string, HistoryAnswer>;
  incidents: Incident[];
}) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="sr-only">Providers compared over the last 24 hours</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">State</th>
            <th scope="col">Provider availability (24 h)</th>
            <th scope="col">Delivered (24 h)</th>
            <th scope="col">Latency p50 (5 min)</th>
            <th scope="col">TTFT p50 (5 min)</th>
            <th scope="col">Requests moved away (24 h)</th>
            <th scope="col">Incidents (90 d)</th>
          </tr>
        </thead>
        <tbody>
          {props.health.providers.map((provider) => {
            const targets = props.health.targets.filter((target) => target.provider === provider.provider);
            // The worst model's figure stands for the provider.
            const worst = (pick: (summary: HealthReport['targets'][number]['windows']['5m']) => number | undefined) => {
              const values = targets.map((target) => pick(target.windows['5m'])).filter((value) => value !== undefined);
              return values.length === 0 ? undefined : Math.max(...(values as number[]));
            };
            const figures = props.day.get(provider.provider)?.figures;
            return (
              <tr key={provider.provider}>
                <th scope="row">{provider.provider}</th>
                <td>
                  <StateBadge state={provider.state} />
                </td>
                <td>{percent(figures?.providerAvailability)}</td>
                <td>{percent(figures?.deliveredAvailability)}</td>
                <td>{ms(worst((summary) => summary.p50LatencyMs))}</td>
                <td>{ms(worst((summary) => summary.p50TtfbMs))}</td>
                <td>{figures?.moved ?? '–'}</td>
                <td>
                  {
                    props.incidents.filter(
                      (incident) => incident.provider === provider.provider && incident.parent_id == null,
                    ).length
                  }
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
