/**
 * Runs the built-in drills against the demo config at their default speed, and two of them against Portkey's
 * fallback config (Portkey installed in a scratch folder by the bench's own code), then writes the reports between
 * the markers of docs/drills.md and an HTML copy to the path given as --html (optional).
 *   node scripts/drill-report.ts [--quick] [--without-portkey] [--html FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startPortkeyArm } from '../bench/arms/portkey.ts';
import { installCleanupHooks, makeTempDir, removeTempDir } from '../bench/processes.ts';
import { demoConfig } from '../src/cli/commands/demo-config.ts';
import { builtInScenarios, loadScenario } from '../src/drills/load-scenario.ts';
import { renderDrillHtml } from '../src/drills/render-drill-html.ts';
import { formatSimDuration, renderDrillMarkdown } from '../src/drills/render-drill-markdown.ts';
import { type DrillReport, type DrillSubject, runDrill } from '../src/drills/run-drill.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'without-portkey': { type: 'boolean', default: false },
    html: { type: 'string' },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Portkey 1.15.2 with the bench's fallback config: primary then fallback, no retries, the simulator as custom host. */
function portkeySubject(tempDir: string): DrillSubject {
  return {
    name: 'portkey',
    async start({ simUrl, config }) {
      const arm = await startPortkeyArm({ mockPort: 0, cpu: undefined, env: process.env, tempDir, log });
      const route = config.routes[0];
      const targets = (route?.targets ?? []).map((target) => {
        const provider = config.providers.find((entry) => entry.id === target.provider);
        return { label: `${target.provider}/${target.model}`, provider, model: target.model };
      });
      const portkeyConfig = {
        strategy: { mode: 'fallback' },
        retry: { attempts: 0 },
        targets: targets.map((target) => ({
          provider: target.provider?.type === 'anthropic' ? 'anthropic' : 'openai',
          api_key: target.provider?.api_key ?? 'drill',
          custom_host: `${simUrl}/v1`,
          override_params: { model: target.model },
        })),
      };
      return {
        baseUrl: arm.origin,
        headers: { 'x-portkey-config': JSON.stringify(portkeyConfig) },
        model: targets[0]?.model ?? 'model',
        servedBy: (headers) => {
          const used = headers.get('x-portkey-last-used-option-index');
          if (used === null) return undefined;
          const index = Number(/(\d+)\]?$/.exec(used)?.[1] ?? Number.NaN);
          return targets[index]?.label ?? used;
        },
        close: () => arm.stop(),
      };
    },
  };
}

installCleanupHooks();
const reports: DrillReport[] = [];
for (const name of builtInScenarios()) {
  const loaded = loadScenario(name);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const speed = values.quick ? Number.POSITIVE_INFINITY : loaded.compiled.scenario.default_speed;
  log(`drill ${name} at speed ${speed}`);
  reports.push(
    await runDrill({ scenario: loaded.compiled, config: (url) => demoConfig(url, url), speed, rps: 20, log }),
  );
}
const portkey: { scenario: string; report?: DrillReport; error?: string }[] = [];
if (!values['without-portkey']) {
  const tempDir = makeTempDir('outlast-drill-portkey-');
  try {
    for (const name of ['total-outage', 'anthropic-2026-03-02']) {
      const loaded = loadScenario(name);
      if (!loaded.ok) throw new Error(loaded.problems.join('; '));
      try {
        const report = await runDrill({
          scenario: loaded.compiled,
          config: (url) => demoConfig(url, url),
          speed: Number.POSITIVE_INFINITY,
          rps: 20,
          log,
          subject: portkeySubject(tempDir),
        });
        portkey.push({ scenario: name, report });
      } catch (error) {
        const evidence = (error as { evidence?: string }).evidence ?? '';
        portkey.push({ scenario: name, error: `${(error as Error).message}\n${evidence}`.trim() });
      }
    }
  } finally {
    removeTempDir(tempDir);
  }
}

const pct = (value: number) => `${value.toFixed(value === 100 ? 0 : 2)}%`;
const summary = [
  '| Scenario | Direct, during faults | Outlast, during faults | Outlast, whole run | Detect | Fail over | Lead over vendor page | Incident events / alerts | Fallback answers valid | Real time |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...reports.map((report) => {
    const f = report.figures;
    return `| \`${report.scenario}\` | ${pct(f.availability.directDuringFaults)} | ${pct(f.availability.outlastDuringFaults)} | ${pct(f.availability.outlast)} | ${formatSimDuration(f.timeToDetectMs)} | ${formatSimDuration(f.timeToFailoverMs)} | ${formatSimDuration(f.detectionLeadMs)} | ${f.alerts.incidentEvents} / ${f.alerts.delivered} | ${f.fallbackAnswers.valid} / ${f.fallbackAnswers.count} | ${(report.realMs / 1000).toFixed(0)} s at speed ${report.speed} |`;
  }),
];
const side = [
  '| Scenario | Gateway | Requests | Direct, during faults | Gateway, during faults | Gateway, whole run | Fail over | p50 latency outside faults | Served by |',
  '|---|---|---|---|---|---|---|---|---|',
];
for (const entry of portkey) {
  const outlast = reports.find((report) => report.scenario === entry.scenario);
  for (const report of [outlast, entry.report]) {
    if (report === undefined) continue;
    const f = report.figures;
    const rungs = Object.entries(f.rungs)
      .map(([rung, count]) => `${rung}: ${count}`)
      .join('; ');
    side.push(
      `| \`${report.scenario}\` | ${report.subject} | ${f.requests.outlast} | ${pct(f.availability.directDuringFaults)} | ${pct(f.availability.outlastDuringFaults)} | ${pct(f.availability.outlast)} | ${formatSimDuration(f.timeToFailoverMs)} | ${f.latency.outlastP50Ms.toFixed(1)} ms | ${rungs} |`,
    );
  }
  if (entry.error !== undefined)
    side.push(`| \`${entry.scenario}\` | portkey | could not serve | | | | | | see below |`);
}
const failures = portkey.filter((entry) => entry.error !== undefined);
const block = [
  '<!-- drills:begin (generated by node scripts/drill-report.ts) -->',
  `Generated ${new Date().toISOString().slice(0, 10)} on loopback, demo config (Anthropic primary, healthy OpenAI fallback).`,
  '',
  ...summary,
  '',
  '#### Beside Portkey',
  '',
  portkey.length === 0
    ? 'Not run (--without-portkey).'
    : 'Portkey 1.15.2, installed in a scratch folder by `bench/portkey.ts`, with the fallback config of the bench (`x-portkey-config`: strategy fallback, no retries, the same two simulated targets). Portkey gets the OpenAI-format half of the load (its Anthropic-format endpoint does not fail over across formats), Outlast the whole load (its row is its run above); Portkey runs unpaced. Portkey has no breaker (every request tries the primary first, hence more primary attempts and a higher latency) and no monitor: no detection, no incident, no alert.',
  '',
  ...(portkey.length === 0 ? [] : side),
  '',
  ...failures.flatMap((entry) => [
    `Portkey on \`${entry.scenario}\` could not serve:`,
    '',
    '```text',
    entry.error ?? '',
    '```',
    '',
  ]),
  '#### Reports',
  '',
  ...reports.map((report) => renderDrillMarkdown(report)),
  ...portkey.flatMap((entry) => (entry.report === undefined ? [] : [renderDrillMarkdown(entry.report)])),
  '<!-- drills:end -->',
].join('\n');
const docs = new URL('../docs/drills.md', import.meta.url);
const text = readFileSync(docs, 'utf8');
const begin = text.indexOf('<!-- drills:begin');
const end = text.indexOf('<!-- drills:end -->');
if (begin === -1 || end === -1) throw new Error('docs/drills.md has no drills:begin/end markers');
writeFileSync(docs, text.slice(0, begin) + block + text.slice(end + '<!-- drills:end -->'.length));
if (values.html !== undefined)
  writeFileSync(values.html, renderDrillHtml([...reports, ...portkey.flatMap((entry) => entry.report ?? [])]));
log('wrote docs/drills.md');
