import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../../config/load-config.ts';
import { missedSlos, parseSlo, type Slo } from '../../drills/check-slo.ts';
import { builtInScenarios, loadScenario } from '../../drills/load-scenario.ts';
import { renderDrillHtml } from '../../drills/render-drill-html.ts';
import { renderDrillMarkdown } from '../../drills/render-drill-markdown.ts';
import { runDrill } from '../../drills/run-drill.ts';
import type { CliIo } from '../io.ts';
import { demoConfig } from './demo-config.ts';

const USAGE = `Usage: outlast drill SCENARIO [options]

Replays an outage scenario through the provider simulator against a gateway config, in-process on
127.0.0.1 with a compressed clock, and reports what clients got through Outlast beside calling the
primary directly. SCENARIO is a built-in name or a scenario file (YAML, docs/drills.md).

Built-in scenarios: ${builtInScenarios().join(', ')}

Options:
      --config FILE   gateway config whose providers point at \${SIM} (default: the demo config,
                      Anthropic primary and OpenAI fallback behind route "smart")
      --speed X       simulated seconds per real second (default: the scenario's default_speed;
                      "max" runs as fast as the machine goes)
      --rps N         requests per real second each way, at least 2 per 10 s step (default 20)
      --report FILE   writes the report as Markdown (.md) or self-contained HTML (.html)
      --json FILE     writes the report as JSON
      --slo K=V       an SLO to meet, repeatable: availability=99.9 (percent, at least),
                      time_to_detect_s=60 (at most), added_latency_ms=5 (at most)
  -h, --help          show this help

Exit codes: 0 every SLO met, 1 an SLO missed, 2 usage error.`;

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
    throw new Error(`--${flag} expects a positive number, got '${text}'`);
  return value;
}

/** `outlast drill SCENARIO`: plays a scenario and reports; exit 1 when a stated SLO is missed. */
export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(args);
  } catch (error) {
    io.stderr(`outlast drill: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  const loaded = loadScenario(
    parsed.scenario.includes('/') || parsed.scenario.includes('.') ? resolve(io.cwd, parsed.scenario) : parsed.scenario,
  );
  if (!loaded.ok) {
    io.stderr(
      `outlast drill: scenario ${parsed.scenario} is invalid:\n${loaded.problems.map((p) => `  ${p}`).join('\n')}`,
    );
    return 2;
  }
  let configText: string | undefined;
  if (parsed.config !== undefined) {
    try {
      configText = readFileSync(resolve(io.cwd, parsed.config), 'utf8');
    } catch (error) {
      io.stderr(`outlast drill: cannot read --config ${parsed.config}: ${(error as Error).message}`);
      return 2;
    }
    const probe = parseConfigText(configText, { ...io.env, SIM: 'http://127.0.0.1:1' });
    if (!probe.ok) {
      io.stderr(`outlast drill: --config ${parsed.config} is invalid: ${JSON.stringify(probe.problems)}`);
      return 2;
    }
  }
  const config = (simUrl: string) => {
    if (configText === undefined) return demoConfig(simUrl, simUrl);
    const loadedConfig = parseConfigText(configText, { ...io.env, SIM: simUrl });
    if (!loadedConfig.ok) throw new Error(`--config is invalid: ${JSON.stringify(loadedConfig.problems)}`);
    return loadedConfig.config;
  };
  const speed = parsed.speed ?? loaded.compiled.scenario.default_speed;
  let report: Awaited<ReturnType<typeof runDrill>>;
  try {
    report = await runDrill({ scenario: loaded.compiled, config, speed, rps: parsed.rps, log: io.stderr });
  } catch (error) {
    io.stderr(`outlast drill: ${(error as Error).message}`);
    return 2;
  }
  const markdown = renderDrillMarkdown(report);
  io.stdout(markdown);
  if (parsed.report !== undefined) {
    const file = resolve(io.cwd, parsed.report);
    writeFileSync(file, file.endsWith('.html') ? renderDrillHtml([report]) : markdown);
  }
  if (parsed.json !== undefined) writeFileSync(resolve(io.cwd, parsed.json), `${JSON.stringify(report, null, 2)}\n`);
  const missed = missedSlos(report.figures, parsed.slos);
  for (const line of missed) io.stderr(`SLO missed: ${line}`);
  return missed.length > 0 ? 1 : 0;
}

function parseCli(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      speed: { type: 'string' },
      rps: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'string' },
      slo: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true, scenario: '', rps: 20, slos: [] as Slo[] };
  if (positionals.length !== 1) throw new Error('give exactly one SCENARIO');
  const slos: Slo[] = [];
  for (const text of values.slo ?? []) {
    const slo = parseSlo(text);
    if (!slo.ok) throw new Error(slo.error);
    slos.push(slo.slo);
  }
  return {
    help: false,
    scenario: positionals[0] ?? '',
    config: values.config,
    speed: values.speed === undefined ? undefined : values.speed === 'max' ? Infinity : positive('speed', values.speed),
    rps: values.rps === undefined ? 20 : positive('rps', values.rps),
    report: values.report,
    json: values.json,
    slos,
  };
}
