import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, SignedOut } from './api.ts';
import { ComparisonTable } from './components/comparison-table.tsx';
import { FailoverFeed } from './components/failover-feed.tsx';
import { HourOfDay } from './components/hour-of-day.tsx';
import { IncidentList } from './components/incident-list.tsx';
import { LineChart } from './components/line-chart.tsx';
import { TargetGrid } from './components/target-grid.tsx';
import { ThemeToggle } from './components/theme-toggle.tsx';
import { UptimeBars } from './components/uptime-bars.tsx';
import { ms, percent } from './format.ts';
import type {
  FailoverLine,
  HealthReport,
  HistoryAnswer,
  Incident,
  JobsAnswer,
  SeriesAnswer,
  SeriesPoint,
} from './types.ts';

const dayMs = 86_400_000;
const hourMs = 3_600_000;

type Connection = 'connecting' | 'live' | 'reconnecting';

/** A failed refresh is retried by the next poll; a signed-out session has already gone back to the login form. */
function ignoreSignedOut(error: unknown): void {
  if (error instanceof SignedOut) return;
}

/** The dashboard: live grid, failovers, incidents, charts, uptime, comparison and queue, on one page. */
export function App() {
  const [health, setHealth] = useState<HealthReport | undefined>();
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [feed, setFeed] = useState<FailoverLine[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [selected, setSelected] = useState<string | undefined>();
  const [span, setSpan] = useState<'hour' | 'day'>('hour');
  const [history, setHistory] = useState<HistoryAnswer | undefined>();
  const [series, setSeries] = useState<SeriesAnswer | undefined>();
  const [uptime, setUptime] = useState(new Map<string, HistoryAnswer>());
  const [day, setDay] = useState(new Map<string, HistoryAnswer>());
  const [jobs, setJobs] = useState<JobsAnswer | undefined>();
  const [nowMs, setNowMs] = useState(Date.now());
  // Samples of the 1-minute window taken on each refresh while the page is open (the server keeps one a minute).
  const live = useRef(new Map<string, SeriesPoint[]>());

  const refreshHealth = useCallback(async () => {
    const report = await getJson<HealthReport>('/admin/api/health');
    if (report === undefined) return;
    for (const target of report.targets) {
      const key = `${target.provider}/${target.model}`;
      const points = live.current.get(key) ?? [];
      const window1m = target.windows['1m'];
      points.push([
        report.generated_at,
        window1m.errorRate ?? null,
        window1m.p50LatencyMs ?? null,
        window1m.p95LatencyMs ?? null,
        window1m.p50TtfbMs ?? null,
        window1m.p95TtfbMs ?? null,
      ]);
      if (points.length > 2000) points.splice(0, points.length - 2000);
      live.current.set(key, points);
    }
    setHealth(report);
    setNowMs(Date.now());
  }, []);
  const refreshIncidents = useCallback(async () => {
    const from = Date.now() - 90 * dayMs;
    const answer = await getJson<{ incidents: Incident[] }>(`/admin/api/incidents?from=${from}`);
    setIncidents((answer?.incidents ?? []).sort((a, b) => b.opened_at - a.opened_at));
  }, []);
  const refreshSlow = useCallback(async (providers: string[]) => {
    const now = Date.now();
    const uptimeAnswers = new Map<string, HistoryAnswer>();
    const dayAnswers = new Map<string, HistoryAnswer>();
    await Promise.all(
      providers.map(async (provider) => {
        const name = encodeURIComponent(provider);
        const [long, short] = await Promise.all([
          getJson<HistoryAnswer>(
            `/admin/api/history?provider=${name}&resolution=day&from=${now - 90 * dayMs}&to=${now}`,
          ),
          getJson<HistoryAnswer>(`/admin/api/history?provider=${name}&resolution=hour&from=${now - dayMs}&to=${now}`),
        ]);
        if (long !== undefined) uptimeAnswers.set(provider, long);
        if (short !== undefined) dayAnswers.set(provider, short);
      }),
    );
    setUptime(uptimeAnswers);
    setDay(dayAnswers);
    setJobs(await getJson<JobsAnswer>('/admin/api/jobs?limit=1'));
  }, []);

  // The live stream: state changes and incident events refresh what they touch; failovers feed the feed.
  useEffect(() => {
    let source: EventSource | undefined;
    let retryMs = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      if (pending !== undefined) return;
      pending = setTimeout(() => {
        pending = undefined;
        refreshHealth().catch(ignoreSignedOut);
      }, 200);
    };
    const connect = () => {
      source = new EventSource('/admin/api/events');
      source.addEventListener('ready', () => {
        retryMs = 1000;
        setConnection('live');
        refreshHealth().catch(ignoreSignedOut);
        refreshIncidents().catch(ignoreSignedOut);
      });
      source.addEventListener('state', soon);
      source.addEventListener('incident', () => {
        soon();
        refreshIncidents().catch(ignoreSignedOut);
      });
      source.addEventListener('failover', (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as { from: string; to: string; at: number };
        setFeed((lines) => {
          const last = lines[0];
          if (
            last !== undefined &&
            last.from === event.from &&
            last.to === event.to &&
            event.at - last.lastAt < 30_000
          ) {
            return [{ ...last, count: last.count + 1, lastAt: event.at }, ...lines.slice(1)];
          }
          return [{ from: event.from, to: event.to, count: 1, firstAt: event.at, lastAt: event.at }, ...lines].slice(
            0,
            50,
          );
        });
      });
      source.onerror = () => {
        setConnection('reconnecting');
        // The browser retries by itself unless the stream was refused; then we retry, backing off to 30 s.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          timer = setTimeout(connect, retryMs);
          retryMs = Math.min(30_000, retryMs * 2);
        }
      };
    };
    connect();
    return () => {
      source?.close();
      clearTimeout(timer);
      clearTimeout(pending);
    };
  }, [refreshHealth, refreshIncidents]);

  // Polling as a safety net (and for what has no events): health 5 s, incidents 30 s, history and queue 60 s.
  useEffect(() => {
    refreshHealth().catch(ignoreSignedOut);
    refreshIncidents().catch(ignoreSignedOut);
    const fast = setInterval(() => refreshHealth().catch(ignoreSignedOut), 5000);
    const medium = setInterval(() => refreshIncidents().catch(ignoreSignedOut), 30_000);
    return () => {
      clearInterval(fast);
      clearInterval(medium);
    };
  }, [refreshHealth, refreshIncidents]);

  const providers = health?.providers.map((provider) => provider.provider).join('\u0000') ?? '';
  useEffect(() => {
    if (providers === '') return;
    const list = providers.split('\u0000');
    refreshSlow(list).catch(ignoreSignedOut);
    const timer = setInterval(() => refreshSlow(list).catch(ignoreSignedOut), 60_000);
    return () => clearInterval(timer);
  }, [providers, refreshSlow]);

  const target =
    selected ??
    (health?.targets[0] === undefined ? undefined : `${health.targets[0].provider}/${health.targets[0].model}`);
  useEffect(() => {
    if (target === undefined) return;
    const cut = target.indexOf('/');
    const provider = encodeURIComponent(target.slice(0, cut));
    const model = encodeURIComponent(target.slice(cut + 1));
    const load = async () => {
      const now = Date.now();
      const from = now - (span === 'hour' ? hourMs : dayMs);
      const resolution = span === 'hour' ? 'minute' : 'hour';
      setHistory(
        await getJson<HistoryAnswer>(
          `/admin/api/history?provider=${provider}&model=${model}&resolution=${resolution}&from=${from}&to=${now}`,
        ),
      );
      setSeries(await getJson<SeriesAnswer>(`/admin/api/series?span=${span}`));
    };
    load().catch(ignoreSignedOut);
    const timer = setInterval(() => load().catch(ignoreSignedOut), 60_000);
    return () => clearInterval(timer);
  }, [target, span]);

  const charts = useMemo(() => {
    if (target === undefined) return undefined;
    const fromMs = nowMs - (span === 'hour' ? hourMs : dayMs);
    const stored = series?.targets.find((entry) => `${entry.provider}/${entry.model}` === target)?.points ?? [];
    const lastStored = stored.at(-1)?.[0] ?? 0;
    const points = [...stored, ...(live.current.get(target) ?? []).filter((point) => point[0] > lastStored)].filter(
      (point) => point[0] >= fromMs,
    );
    const column = (index: number) => points.map((point) => point[index] ?? null);
    // Error rate: the stored minutes (history) and the live 1-minute window, on one time axis.
    const errorRows = new Map<number, [number | null, number | null]>();
    for (const bucket of history?.buckets ?? []) {
      const attempts = bucket.ok + bucket.error;
      errorRows.set(bucket.startMs / 1000, [attempts === 0 ? null : bucket.error / attempts, null]);
    }
    for (const point of points) {
      const row = errorRows.get(point[0] / 1000) ?? [null, null];
      errorRows.set(point[0] / 1000, [row[0], point[1]]);
    }
    const times = [...errorRows.keys()].sort((a, b) => a - b);
    const errors = [times, times.map((time) => errorRows.get(time)![0]), times.map((time) => errorRows.get(time)![1])];
    return {
      rangeS: [fromMs / 1000, nowMs / 1000] as [number, number],
      errors,
      latency: [points.map((point) => point[0] / 1000), column(2), column(3)],
      ttft: [points.map((point) => point[0] / 1000), column(4), column(5)],
    };
  }, [target, span, history, series, nowMs]);

  if (health === undefined) return <p class="loading">Loading…</p>;
  const openCount = incidents.filter((incident) => incident.status === 'open' && incident.parent_id == null).length;
  return (
    <>
      <header class="top">
        <h1>Outlast</h1>
        <p class={`connection ${connection}`} role="status" data-connection={connection}>
          <span aria-hidden="true">{connection === 'live' ? '●' : '○'}</span>{' '}
          {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </p>
        <p class="summary">
          {openCount === 0 ? '✓ No open incident' : `⚠ ${openCount} open incident${openCount === 1 ? '' : 's'}`}
          {health.self === 'our_network' && ' · ✕ every provider fails at once: check our own network'}
        </p>
        <nav class="actions">
          <a href="/status">Public status page</a>
          <ThemeToggle />
          <form method="post" action="/logout">
            <button type="submit">Sign out</button>
          </form>
        </nav>
      </header>
      <main>
        <section aria-labelledby="grid-title">
          <h2 id="grid-title">Providers and models</h2>
          <TargetGrid health={health} incidents={incidents} selected={target} onSelect={setSelected} />
        </section>
        <div class="two">
          <section aria-labelledby="feed-title">
            <h2 id="feed-title">Failovers (live)</h2>
            <FailoverFeed lines={feed} />
          </section>
          <section aria-labelledby="jobs-title">
            <h2 id="jobs-title">Jobs queue</h2>
            {jobs === undefined ? (
              <p class="muted">Jobs are not served here.</p>
            ) : (
              <dl class="figures wide">
                {Object.entries(jobs.counts).map(([status, count]) => (
                  <div key={status}>
                    <dt>{status}</dt>
                    <dd>{count}</dd>
                  </div>
                ))}
                <div>
                  <dt>Oldest queued</dt>
                  <dd>{ms(jobs.oldest_queued_age_s * 1000)}</dd>
                </div>
                <div>
                  <dt>Callbacks pending</dt>
                  <dd>{jobs.callbacks_pending}</dd>
                </div>
              </dl>
            )}
          </section>
        </div>
        <section aria-labelledby="incidents-title">
          <h2 id="incidents-title">Incidents</h2>
          <IncidentList incidents={incidents} nowMs={nowMs} />
        </section>
        <section aria-labelledby="charts-title">
          <h2 id="charts-title">Charts: {target ?? 'no target yet'}</h2>
          <div class="controls">
            <label for="chart-target">Target</label>
            <select id="chart-target" value={target} onChange={(event) => setSelected(event.currentTarget.value)}>
              {health.targets.map((entry) => {
                const name = `${entry.provider}/${entry.model}`;
                return (
                  <option key={name} value={name}>
                    {name}
                  </option>
                );
              })}
            </select>
            <fieldset class="span">
              <legend>Span</legend>
              {(['hour', 'day'] as const).map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="span"
                    value={value}
                    checked={span === value}
                    onChange={() => setSpan(value)}
                  />{' '}
                  Last {value}
                </label>
              ))}
            </fieldset>
          </div>
          {charts !== undefined && (
            <div class="charts">
              <LineChart
                title="Error rate (attempts before failover)"
                series={[
                  { label: 'per minute (stored)', color: '#cf222e' },
                  { label: '1-minute window (live)', color: '#bc4c00' },
                ]}
                data={charts.errors}
                rangeS={charts.rangeS}
                unit={(value) => percent(value, 0)}
              />
              <LineChart
                title="Latency (1-minute window)"
                series={[
                  { label: 'p50', color: '#0b5cd5' },
                  { label: 'p95', color: '#8250df' },
                ]}
                data={charts.latency}
                rangeS={charts.rangeS}
                unit={ms}
              />
              <LineChart
                title="Time to first token (1-minute window)"
                series={[
                  { label: 'p50', color: '#1a7f37' },
                  { label: 'p95', color: '#bc4c00' },
                ]}
                data={charts.ttft}
                rangeS={charts.rangeS}
                unit={ms}
              />
            </div>
          )}
        </section>
        <section aria-labelledby="uptime-title">
          <h2 id="uptime-title">Uptime, 90 days</h2>
          <p class="muted">Provider: what the provider answered. Delivered: what clients got after failover.</p>
          <UptimeBars uptime={uptime} nowMs={nowMs} />
        </section>
        <div class="two">
          <section aria-labelledby="hours-title">
            <h2 id="hours-title">Outages by hour of day</h2>
            <HourOfDay incidents={incidents} nowMs={nowMs} />
          </section>
          <section aria-labelledby="compare-title">
            <h2 id="compare-title">Providers compared</h2>
            <ComparisonTable health={health} day={day} incidents={incidents} />
          </section>
        </div>
      </main>
    </>
  );
}
