/** The S7 (failover timing) part of the report: goals table, one table per failure mode, the configs used. */
import { S7_MODE_INFO, S7_MODES, type S7Mode, type S7Result, type S7Run } from './scenarios/s7-failover.ts';
import type { Spread } from './stats.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const header = (cells: string[]): string => row(cells) + '\n' + row(cells.map(() => '---'));
const fence = (text: string, lang = ''): string => '```' + lang + '\n' + text.trim() + '\n```';
/** A figure that was not measured: undefined, NaN, or null (JSON turns NaN into null in a stored run). */
const missing = (value: number | null | undefined): value is null | undefined =>
  typeof value !== 'number' || Number.isNaN(value);
const num = (value: number | null | undefined, digits = 1): string => (missing(value) ? '-' : value.toFixed(digits));
const signed = (value: number | null | undefined, digits = 2): string =>
  missing(value) ? '-' : (value >= 0 ? '+' : '') + value.toFixed(digits);
const spreadCell = (value: Spread | undefined, digits: number): string =>
  value === undefined || missing(value.median)
    ? '-'
    : `${signed(value.median, digits)} [${signed(value.min, digits)}, ${signed(value.max, digits)}]`;
const pct = (value: number | null | undefined): string =>
  missing(value) ? '-' : `${(value * 100).toFixed(value < 0.995 ? 1 : 0)}%`;

export type S7Goal = {
  mode: S7Mode;
  label: string;
  goal: string;
  measured: string;
  meets: boolean;
};

/** The Outlast run a goal is judged on: the default route (mid_stream: error) unless asked otherwise. */
function outlastRun(result: S7Result, mode: S7Mode, variant = ''): S7Run | undefined {
  return result.runs.find((run) => run.arm === 'outlast' && run.mode === mode && run.variant === variant);
}

/** Slack for "within the open period": the half-open probe is the first request after it, plus its own time. */
const RECOVERY_SLACK_MS = 250;

/** Every goal of BENCHMARKS.md that S7 measures, per mode, judged on the Outlast runs. */
export function s7Goals(result: S7Result): S7Goal[] {
  const goals: S7Goal[] = [];
  const s = result.settings;
  const add = (mode: S7Mode, label: string, goal: string, measured: string, meets: boolean): void => {
    goals.push({ mode, label, goal, measured, meets });
  };
  for (const mode of S7_MODES) {
    const variants = mode === 'mid-stream' ? ['', 'mid_stream: continue'] : [''];
    for (const variant of variants) {
      const run = outlastRun(result, mode, variant);
      if (run === undefined) continue;
      const m = run.metrics;
      const label = variant === '' ? (mode === 'mid-stream' ? 'mid_stream: error' : '') : variant;
      const first = m.firstFailing;
      if (mode === '5xx' || mode === 'refused' || mode === '429') {
        const sequential = run.sequential;
        add(
          mode,
          label,
          'first failing request <= +1 ms (one request at a time, warm; open loop: first failure of a fresh process)',
          `${spreadCell(sequential?.firstAddedMs, 3)} ms; open loop ${signed(first?.addedMs, 3)} ms`,
          sequential !== undefined && sequential.errors === 0 && sequential.firstAddedMs.median <= 1,
        );
      }
      if (mode === 'hang') {
        const slowest = m.breaker?.beforeOpenLatency?.max;
        add(
          mode,
          label,
          `requests to the hung primary bounded by the first-byte timeout (headers_ms ${s.headersMs} + 50 ms)`,
          `first ${signed(first?.addedMs, 1)} ms; slowest before the breaker opened ${num(slowest, 0)} ms`,
          first?.ok === true && slowest !== undefined && slowest <= s.headersMs + 50,
        );
      }
      const breaker = m.breaker;
      if (breaker !== undefined && mode !== '429') {
        const failures = m.primaryAfterFlip.beforeOpen;
        const openMs = breaker.openAfterMs;
        const limit = mode === 'hang' ? `<= ${s.headersMs + 200} ms (timeout + 200)` : '<= 5 failures or <= 1 s';
        const meets =
          openMs !== undefined && (mode === 'hang' ? openMs <= s.headersMs + 200 : failures <= 5 || openMs <= 1000);
        add(
          mode,
          label,
          `breaker open ${limit}`,
          openMs === undefined
            ? 'never opened'
            : `+${num(openMs, 0)} ms, after ${failures} requests to the primary${m.primaryAfterFlip.source === 'client headers' ? ' (from client headers)' : ''}`,
          meets,
        );
        if (mode !== 'hang' && openMs !== undefined) {
          add(mode, label, 'stretch: breaker open <= 200 ms', `+${num(openMs, 0)} ms`, openMs <= 200);
        }
        // Each re-opening is one failed probe; one more may be in flight at the heal.
        const probes = m.primaryAfterFlip.afterOpen ?? 0;
        add(
          mode,
          label,
          'then the dead primary gets only probes (<= 1 per half-open period)',
          `${probes} requests after the breaker opened, ${breaker.openings} openings`,
          openMs !== undefined && probes <= breaker.openings,
        );
      }
      if (mode === '429') {
        add(
          mode,
          label,
          'rate-limited primary rested: <= 1.5 requests/s in the steady window (retry-after: 1)',
          `${num(m.primaryAfterFlip.steadyPerS, 2)} requests/s (${run.coolDowns ?? '-'} cool-downs seen by the admin poll)`,
          m.primaryAfterFlip.steadyPerS <= 1.5,
        );
      }
      add(
        mode,
        label,
        'then throughput >= 90% of healthy (good answers to the requests sent in the steady window)',
        `${pct(m.degraded.steadyThroughputShare)} (completed during the whole failed phase: ${pct(m.degraded.throughputShare)})`,
        m.degraded.steadyThroughputShare >= 0.9,
      );
      if (run.cpu !== undefined) {
        add(
          mode,
          label,
          'capacity while degraded >= 90% (healthy / steady degraded CPU per request)',
          `${pct(run.cpu.capacityShare)} (${num(run.cpu.healthyUsPerRequest, 0)} / ${num(run.cpu.steadyUsPerRequest, 0)} us)`,
          run.cpu.capacityShare >= 0.9,
        );
      }
      const errors = m.degraded.errors + m.recovery.errors;
      if (!(mode === 'mid-stream' && variant === '')) {
        add(
          mode,
          label,
          'no client errors',
          `${errors}${errors > 0 ? ` (first: ${m.firstError ?? '?'})` : ''}`,
          errors === 0,
        );
      }
      const recovery = m.recovery.firstPrimaryMs;
      if (mode === '429') {
        add(
          mode,
          label,
          `traffic back on the primary within the retry-after (1 s + ${RECOVERY_SLACK_MS} ms)`,
          recovery === undefined ? 'never' : `+${num(recovery, 0)} ms`,
          recovery !== undefined && recovery <= 1000 + RECOVERY_SLACK_MS,
        );
      } else if (breaker !== undefined) {
        const bound = breaker.openUntilAfterHealMs;
        add(
          mode,
          label,
          `traffic back on the primary when the open period in force at the heal ends (+${RECOVERY_SLACK_MS} ms)`,
          `${recovery === undefined ? 'never' : `+${num(recovery, 0)} ms`}; open period ended +${num(bound, 0)} ms` +
            (breaker.reopenedAfterHeal ? '; **re-opened after the heal**' : ''),
          recovery !== undefined && bound !== undefined && recovery <= bound + RECOVERY_SLACK_MS,
        );
      }
      add(
        mode,
        label,
        'all traffic back: fallback share over the last second <= 1%',
        pct(m.recovery.fallbackShareLastSecond),
        m.recovery.fallbackShareLastSecond <= 0.01,
      );
    }
  }
  return goals;
}

export function s7GoalSummary(result: S7Result): { met: number; total: number; missed: string[] } {
  const goals = s7Goals(result);
  const missed = goals
    .filter((goal) => !goal.meets)
    .map((goal) => `${goal.mode}${goal.label === '' ? '' : ` (${goal.label})`}: ${goal.goal.split(' (')[0]}`);
  return { met: goals.length - missed.length, total: goals.length, missed };
}

function breakerCell(run: S7Run): string {
  const m = run.metrics;
  const b = m.breaker;
  if (b === undefined) return run.arm === 'portkey' ? 'none (no breaker)' : '-';
  if (b.openAfterMs === undefined) {
    return run.mode === '429' ? `did not open (429 is a cool-down: ${run.coolDowns ?? '-'} seen)` : 'did not open';
  }
  const star = m.primaryAfterFlip.source === 'client headers' ? '*' : '';
  let cellText = `+${num(b.openAfterMs, 0)} ms, after ${m.primaryAfterFlip.beforeOpen}${star} requests; ${b.openings} openings`;
  if (b.beforeOpenLatency !== undefined && run.mode === 'hang') {
    cellText += `; those requests took ${num(b.beforeOpenLatency.min, 0)}-${num(b.beforeOpenLatency.max, 0)} ms`;
  }
  if (b.primarySuccessesBeforeOpen > 0) {
    cellText += `; ${b.primarySuccessesBeforeOpen} earlier requests to the primary ended well in between`;
  }
  return cellText;
}

function primaryCell(run: S7Run): string {
  const p = run.metrics.primaryAfterFlip;
  const star = p.source === 'client headers' ? '*' : '';
  if (p.afterOpen === undefined) return `${p.total}${star} (${num(p.steadyPerS, 1)}/s steady)`;
  return `${p.beforeOpen}${star} / ${p.afterOpen}${star}`;
}

function recoveryCell(run: S7Run): string {
  const r = run.metrics.recovery;
  const bound = run.metrics.breaker?.openUntilAfterHealMs;
  const first = r.firstPrimaryMs === undefined ? 'never' : `+${num(r.firstPrimaryMs, 0)}`;
  const last = r.lastNotPrimaryMs === undefined ? '-' : `+${num(r.lastNotPrimaryMs, 0)}`;
  const reopened = run.metrics.breaker?.reopenedAfterHeal ? ', re-opened after heal' : '';
  return `${first} / ${last}${bound === undefined ? '' : ` (open until +${num(bound, 0)}${reopened})`}`;
}

function modeTable(runs: S7Run[]): string[] {
  const out = [
    header([
      'arm',
      'healthy p50 / p99 (ms)',
      'first failing request, open loop, fresh process: added ms (first 5: max)',
      'first failing request, one at a time: added ms, median [min, max]',
      'flip -> first fallback success (ms)',
      'breaker opened',
      'primary requests after the flip: before open / after (probes)',
      'answers served while failed, % of healthy: whole phase / steady',
      'capacity left (healthy / steady CPU per request)',
      'degraded steady p50 / p99 (ms)',
      'client errors: failed / healed phase',
      'heal -> first primary success / last non-primary answer (ms)',
      'fallback share, last second',
    ]),
  ];
  for (const run of runs) {
    const m = run.metrics;
    const first = m.firstFailing;
    out.push(
      row([
        run.label,
        `${num(m.healthy.p50Ms, 3)} / ${num(m.healthy.p99Ms, 3)}`,
        first === undefined
          ? '-'
          : `${signed(first.addedMs, 3)}${first.ok ? '' : ' (error)'} (${signed(m.firstFiveMaxAddedMs, 3)})`,
        sequentialCell(run),
        m.firstFallbackSuccessMs === undefined ? 'none' : num(m.firstFallbackSuccessMs, 1),
        breakerCell(run),
        primaryCell(run),
        `${pct(m.degraded.throughputShare)} / ${pct(m.degraded.steadyThroughputShare)}`,
        run.cpu === undefined
          ? '-'
          : `${pct(run.cpu.capacityShare)} (${num(run.cpu.healthyUsPerRequest, 0)} / ${num(run.cpu.steadyUsPerRequest, 0)} us)`,
        `${num(m.degraded.steadyP50Ms, 3)} / ${num(m.degraded.steadyP99Ms, 3)}`,
        `${m.degraded.errors} / ${m.recovery.errors}`,
        recoveryCell(run),
        pct(m.recovery.fallbackShareLastSecond),
      ]),
    );
  }
  return out;
}

function sequentialCell(run: S7Run): string {
  const q = run.sequential;
  if (q === undefined) return '-';
  const errors = q.errors > 0 ? `; ${q.errors} errors` : '';
  return (
    `${spreadCell(q.firstAddedMs, 3)}; requests that still tried the primary: ${num(q.primaryTried.median, 0)}, ` +
    `${spreadCell(q.primaryTriedAddedMs, 3)} each${errors}`
  );
}

function transitionsLine(run: S7Run): string | undefined {
  const list = run.breakerTransitions;
  if (list === undefined || list.length === 0) return undefined;
  const steps = list
    .map((step) => `${step.state}/${step.availability} ${signed(step.offsetMs / 1000, 1)} s`)
    .join(' -> ');
  const throttle =
    run.throttleAfterHeal !== undefined && run.throttleAfterHeal > 0
      ? `; adaptive throttle reject probability after the heal up to ${num(run.throttleAfterHeal, 2)}`
      : '';
  return `${run.label}, primary's breaker/availability (admin poll every 100 ms, from the flip): ${steps}${throttle}.`;
}

export function renderS7(result: S7Result): string {
  const s = result.settings;
  const out: string[] = [
    '#### S7: failover timing',
    '',
    `Two mocks on the load core, a primary and a fallback (\`${result.mockCommand}\`, 0 ms, every answer stamped ` +
      '`x-mock-name`, arrival times logged). Open-loop driver at a fixed rate ' +
      `(${s.ratePerS} requests/s; the mid-stream mode: ${s.streamRatePerS} streams/s of ${s.streamChunks} chunks x ` +
      `${s.streamChunkIntervalMs} ms), each request recorded with its start, latency to the last byte, status and the ` +
      `upstream that answered. Per run: ${s.warmupS} s warm-up (not counted), ${s.healthyS} s healthy, the primary ` +
      `fails (the flip) for ${s.failedS} s, then heals for ${s.healedS} s. Each gateway is a fresh process per run ` +
      "(no breaker history across modes); Outlast's breaker openings come from `GET /admin/api/targets` polled " +
      'every 100 ms (the exact `openedAt` of each opening). During each run the fallback also gets a 20/s direct ' +
      'trickle (a real provider is not idle). Figures:',
    '',
    '- *first failing request, open loop*: latency of the first request sent after the flip minus the healthy p50 ' +
      '(every run starts a fresh gateway process, so this is the first failure it ever meets: its cold path, as in ' +
      'the first outage after a deploy); *flip -> first fallback success*: to the end of the first good answer from ' +
      'the fallback;',
    '- *first failing request, one at a time*: after the open-loop run, the same flip 5 times with one request at a ' +
      'time on one keep-alive connection (50 healthy requests for the median, the flip, 8 requests, the heal; ' +
      "Outlast's breaker reset through the admin API between repetitions): the first request after the flip minus " +
      'that median, then the requests that still tried the primary and what each added;',
    "- *primary requests after the flip*: arrivals in the primary's log (\\* = tries counted from the clients' " +
      '`x-outlast-attempts` and answers: refused connections never reach the log), before the breaker opened / ' +
      'after (probes); ' +
      'for an arm without a breaker, the total and the steady rate;',
    '- *answers served while failed*: good answers completed per second while the primary was failed, over the ' +
      `healthy rate; *steady*: good answers to the requests sent from ${s.steadyAfterMs / 1000} s after the flip to the ` +
      'heal. The driver is open loop, so these stay near 100% unless answers are lost or pile up. *Capacity left*: ' +
      "the gateway's CPU per request (utime + stime from /proc, 10 ms ticks, sampled every 250 ms) once traffic is " +
      'back on the primary (to the end of the run, the process warm) divided by the same in the steady degraded ' +
      'window: the share of its healthy throughput it could still serve at saturation. *Steady* latency: requests ' +
      'sent in the steady window;',
    '- *client errors*: a status other than 200, a wire error, or (streams) a body without `[DONE]` or with an ' +
      'error event;',
    '- *heal -> first primary success / last non-primary answer*: to the first good answer from the primary, and to ' +
      'the last request after the heal that the primary did not serve; *open until*: when the breaker period in ' +
      'force at the heal ended.',
    '',
  ];
  const loads = result.runs.map((run) => run.foreignLoad).filter((value): value is number => typeof value === 'number');
  const busy = result.runs.map((run) => run.loadCoreBusy).filter((value): value is number => typeof value === 'number');
  if (loads.length > 0 || busy.length > 0) {
    out.push(
      `Other load on the gateway core (not from the arm under test) per run: at most ${pct(Math.max(0, ...loads))}` +
        `${Math.max(0, ...loads) > 0.05 ? ' **(the machine was shared: treat outliers with care)**' : ''}; ` +
        `the mocks + driver core was at most ${pct(Math.max(0, ...busy))} busy.`,
      '',
    );
  }
  const goals = s7Goals(result);
  if (goals.length > 0) {
    out.push('Outlast against the failover goals (BENCHMARKS.md):', '');
    out.push(header(['mode', 'goal', 'measured', '']));
    for (const goal of goals) {
      out.push(
        row([
          goal.mode + (goal.label === '' ? '' : ` (${goal.label})`),
          goal.goal,
          goal.measured,
          goal.meets ? 'meets' : '**misses**',
        ]),
      );
    }
    out.push('');
  }
  for (const mode of S7_MODES) {
    const runs = result.runs.filter((run) => run.mode === mode);
    if (runs.length === 0) continue;
    const info = S7_MODE_INFO[mode];
    out.push(`**${mode}**: ${info.flip}; heal: ${info.heal}.`, '');
    out.push(...modeTable(runs), '');
    for (const run of runs) {
      const line = transitionsLine(run);
      if (line !== undefined) out.push(`- ${line}`);
      if (run.skipped > 0) out.push(`- ${run.label}: ${run.skipped} requests not sent (driver in-flight cap).`);
      const after = run.metrics.aroundFlip.filter(([at]) => at >= 0).slice(0, 8);
      if (after.length > 0 && !run.stream) {
        const shown = after.map(
          ([at, latency, by, attempts]) =>
            `+${num(at, 1)}: ${num(latency, 1)} (${by}${attempts === null ? '' : `, ${attempts}`})`,
        );
        out.push(
          `- ${run.label}, the first requests after the flip (sent at ms: took ms (served by, attempts)): ${shown.join(', ')}.`,
        );
      }
      if (run.metrics.firstError !== undefined && run.metrics.degraded.errors + run.metrics.recovery.errors > 0) {
        out.push(`- ${run.label}: first client error: \`${run.metrics.firstError.slice(0, 160)}\`.`);
      }
    }
    out.push('');
  }
  out.push(
    'Outlast config (ports filled in per run; everything not shown is the default: 5 consecutive failures, ' +
      'failure rate 50% over >= 20 calls, open time x openings with 10% jitter, 1 half-open probe, adaptive throttle on, ' +
      '3 attempts):',
    '',
    fence(result.outlastConfig, 'yaml'),
    '',
    'Portkey `x-portkey-config` (fallback strategy; no breaker exists in 1.15.2, so every request tries the primary ' +
      'first; `retry.attempts: 0` because its retries wait 1 s, 2 s, 4 s on the dead target for every request; ' +
      '`use_retry_after_header` is left out: it crashes in the npm build):',
    '',
    fence(JSON.stringify(result.portkeyConfig, null, 2), 'json'),
    '',
  );
  return out.join('\n');
}
