import type { DrillReport } from './run-drill.ts';

/** Formats simulated ms as `12 min 30 s`, `1 h 05 min`, or `-` (pure). */
export function formatSimDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const negative = ms < 0;
  const seconds = Math.round(Math.abs(ms) / 1000);
  const text =
    seconds >= 3600
      ? `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`
      : seconds >= 60
        ? `${Math.floor(seconds / 60)} min ${seconds % 60} s`
        : `${seconds} s`;
  return negative ? `-${text}` : text;
}

function clock(report: DrillReport, offsetMs: number): string {
  return new Date(Date.parse(report.start) + offsetMs).toISOString().slice(11, 16);
}

const pct = (value: number) => `${value.toFixed(value === 100 ? 0 : 2)}%`;

/** The drill report as Markdown (pure). */
export function renderDrillMarkdown(report: DrillReport): string {
  const f = report.figures;
  const lines = [
    `### Drill: ${report.title} (\`${report.scenario}\`)`,
    '',
    `Route \`${report.route}\`, primary \`${report.primary}\`; ${f.requests.outlast} requests through Outlast and the ` +
      `same ${f.requests.direct} straight to the primary; ${formatSimDuration(report.durationMs)} simulated in ` +
      `${(report.realMs / 1000).toFixed(1)} s (step ${report.stepMs / 1000} s, ${report.perStep} requests per step each way).`,
    '',
    '| Figure | Through Outlast | Direct to the primary |',
    '|---|---|---|',
    `| Availability, whole run | ${pct(f.availability.outlast)} | ${pct(f.availability.direct)} |`,
    `| Availability, during the faults | ${pct(f.availability.outlastDuringFaults)} | ${pct(f.availability.directDuringFaults)} |`,
    `| Latency p50 / p95 outside the faults (real, loopback) | ${f.latency.outlastP50Ms.toFixed(1)} / ${f.latency.outlastP95Ms.toFixed(1)} ms | ${f.latency.directP50Ms.toFixed(1)} / ${f.latency.directP95Ms.toFixed(1)} ms |`,
    '',
    '| Measure | Value |',
    '|---|---|',
    `| Added latency (p50) | ${f.latency.addedP50Ms.toFixed(1)} ms |`,
    `| Time to detect (first fault to incident) | ${formatSimDuration(f.timeToDetectMs)} |`,
    `| Time to fail over (first fault to first fallback answer) | ${formatSimDuration(f.timeToFailoverMs)} |`,
    `| Time to recover (end of faults to primary traffic) | ${formatSimDuration(f.timeToRecoverMs)} |`,
    `| Time to resolve (end of faults to incident resolved) | ${formatSimDuration(f.timeToResolveMs)} |`,
    `| Detection lead over the simulated vendor page | ${f.detectionLeadMs === undefined ? '- (no vendor post or no incident)' : formatSimDuration(f.detectionLeadMs)} |`,
    `| Incident events / alerts delivered | ${f.alerts.incidentEvents} / ${f.alerts.delivered} (duplicates ${f.alerts.duplicates}, missing ${f.alerts.missing}) |`,
    `| Fallback answers valid for the client | ${f.fallbackAnswers.valid} of ${f.fallbackAnswers.count} |`,
    `| Answers failing the client's checks (any target) | ${f.invalidAnswers} |`,
    '',
    '| Served by (rung) | Requests |',
    '|---|---|',
    ...Object.entries(f.rungs).map(([rung, count]) => `| ${rung} | ${count} |`),
    '',
    'Timeline (simulated UTC):',
    '',
    ...report.timeline.map((step) => `- ${clock(report, step.offsetMs)} ${step.note}`),
    ...report.incidentEvents.map(
      (event) =>
        `- ${clock(report, event.offsetMs)} Outlast incident event: ${event.kind} (${event.provider}, ${event.severity})`,
    ),
    ...(report.vendorSeenOffsetMs === undefined
      ? []
      : [`- ${clock(report, report.vendorSeenOffsetMs)} Outlast first sees the incident on the simulated vendor page`]),
    '',
  ];
  return lines.join('\n');
}
