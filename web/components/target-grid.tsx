import { ms, percent } from '../format.ts';
import type { HealthReport, Incident } from '../types.ts';
import { StateBadge } from './state-badge.tsx';

const routing: Record<string, string> = {
  available: 'taking traffic',
  open: 'breaker open: traffic moved away',
  'half-open': 'breaker half-open: probing',
  'cooling-down': 'cooling down (rate limited)',
  disabled: 'disabled (credentials or quota)',
};

/** The grid: a tile per provider, a row per model it serves, with live state, breaker and cool-down. */
export function TargetGrid(props: {
  health: HealthReport;
  incidents: Incident[];
  selected: string | undefined;
  onSelect: (target: string) => void;
}) {
  const { health } = props;
  return (
    <div class="grid">
      {health.providers.map((provider) => {
        const targets = health.targets.filter((target) => target.provider === provider.provider);
        const open = props.incidents.find((incident) => incident.id === provider.open_incident);
        return (
          <article
            key={provider.provider}
            class={`tile tile-${provider.state ?? 'none'}`}
            data-provider={provider.provider}
            aria-label={`Provider ${provider.provider}`}
          >
            <header class="tile-head">
              <h3>{provider.provider}</h3>
              <StateBadge state={provider.state} />
            </header>
            {open !== undefined && (
              <p class="tile-incident">
                <span aria-hidden="true">⚠</span> Incident open since {new Date(open.opened_at).toLocaleTimeString()}
              </p>
            )}
            <ul class="targets">
              {targets.map((target) => {
                const name = `${target.provider}/${target.model}`;
                const window = target.windows['1m'];
                return (
                  <li key={name} class="target" data-target={name}>
                    <div class="target-head">
                      <strong>{target.model}</strong>
                      <StateBadge state={target.state} />
                    </div>
                    <dl class="figures">
                      <div>
                        <dt>Errors (1 min)</dt>
                        <dd>{percent(window.errorRate, 1)}</dd>
                      </div>
                      <div>
                        <dt>Latency p50</dt>
                        <dd>{ms(window.p50LatencyMs)}</dd>
                      </div>
                      <div>
                        <dt>TTFT p50</dt>
                        <dd>{ms(window.p50TtfbMs)}</dd>
                      </div>
                      <div>
                        <dt>Routing</dt>
                        <dd class="routing">
                          {routing[target.availability ?? ''] ?? target.availability ?? 'not used yet'}
                        </dd>
                      </div>
                      <div>
                        <dt>Breaker</dt>
                        <dd>{target.breaker ?? '–'}</dd>
                      </div>
                      <div>
                        <dt>Last probe</dt>
                        <dd>
                          {target.last_probe_at === null
                            ? '–'
                            : `${target.last_probe_ok === true ? '✓ ok' : '✕ failed'} ${new Date(target.last_probe_at).toLocaleTimeString()}`}
                        </dd>
                      </div>
                    </dl>
                    <button
                      type="button"
                      class="link"
                      aria-pressed={props.selected === name}
                      onClick={() => props.onSelect(name)}
                    >
                      Charts for {name}
                    </button>
                  </li>
                );
              })}
            </ul>
          </article>
        );
      })}
    </div>
  );
}
