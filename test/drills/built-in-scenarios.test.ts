// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the configs here write ${SIM} references.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoConfig } from '../../src/cli/commands/demo-config.ts';
import { run as runDrillCommand } from '../../src/cli/commands/drill.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { loadScenario } from '../../src/drills/load-scenario.ts';
import { type DrillReport, runDrill } from '../../src/drills/run-drill.ts';

const minute = 60_000;

async function drill(name: string, stepMs = 10_000, speed = Number.POSITIVE_INFINITY): Promise<DrillReport> {
  const loaded = loadScenario(name);
  assert.ok(loaded.ok);
  return runDrill({
    scenario: loaded.compiled,
    config: (url) => demoConfig(url, url),
    speed,
    rps: 20,
    stepMs,
  });
}

/** What every scenario with a healthy fallback must show. */
function assertKeepsServing(report: DrillReport): void {
  const { figures } = report;
  assert.ok(figures.availability.directDuringFaults < 100, `${report.scenario}: direct availability falls`);
  assert.ok(
    figures.availability.outlast >= 99.9,
    `${report.scenario}: ${figures.availability.outlast}% through Outlast`,
  );
  assert.ok(figures.fallbackAnswers.count > 0, `${report.scenario}: the fallback served`);
  assert.equal(figures.fallbackAnswers.valid, figures.fallbackAnswers.count, 'every fallback answer is valid');
  assert.equal(figures.invalidAnswers, 0);
  assert.equal(figures.alerts.delivered, figures.alerts.incidentEvents, 'one alert per incident event');
  assert.equal(figures.alerts.duplicates, 0);
  assert.equal(figures.alerts.missing, 0);
}

test('anthropic-2026-03-02: Outlast keeps answering, and detects the outage 5+ minutes before the vendor page', async () => {
  const report = await drill('anthropic-2026-03-02', 20_000);
  assertKeepsServing(report);
  const { figures } = report;
  assert.ok(figures.timeToDetectMs !== undefined && figures.timeToDetectMs <= 5 * minute, 'detected within 5 min');
  assert.ok(figures.detectionLeadMs !== undefined && figures.detectionLeadMs >= 5 * minute, 'lead of 5+ minutes');
  assert.ok(figures.availability.direct < 90, `direct ${figures.availability.direct}%`);
  // The first incident opens after 11:49, not before.
  const opened = report.incidentEvents.find((event) => event.kind === 'opened');
  assert.ok(opened !== undefined && opened.offsetMs >= 19 * minute);
});

test('total-outage: detected within a minute, failover at once, one alert on open and one on resolve', async () => {
  const report = await drill('total-outage');
  assertKeepsServing(report);
  const { figures } = report;
  assert.equal(figures.availability.directDuringFaults, 0);
  assert.equal(figures.availability.outlastDuringFaults, 100);
  assert.ok(figures.timeToDetectMs !== undefined && figures.timeToDetectMs <= minute);
  assert.ok(figures.timeToFailoverMs !== undefined && figures.timeToFailoverMs <= report.stepMs);
  assert.ok(figures.timeToRecoverMs !== undefined && figures.timeToRecoverMs <= 2 * minute);
  const kinds = report.incidentEvents.filter((event) => event.provider === 'anthropic').map((event) => event.kind);
  assert.equal(kinds.filter((kind) => kind === 'opened').length, 1);
  assert.equal(kinds.filter((kind) => kind === 'resolved').length, 1);
  assert.ok(figures.detectionLeadMs !== undefined && figures.detectionLeadMs >= 10 * minute);
});

test('rate-limit-storm: 429s move traffic to the fallback but open no incident', async () => {
  const report = await drill('rate-limit-storm');
  assertKeepsServing(report);
  assert.equal(report.incidentEvents.length, 0, 'rate limits are not outages');
  assert.ok(report.figures.availability.directDuringFaults <= 40);
});

test('slow-degradation: the slowdown is detected before the timeouts start', async () => {
  const report = await drill('slow-degradation', 20_000);
  assertKeepsServing(report);
  const opened = report.incidentEvents.find((event) => event.kind === 'opened');
  assert.ok(opened !== undefined && opened.offsetMs < 18 * minute, 'an incident opens in the latency phase');
});

test('flapping: every down phase is served by the fallback, and every incident event alerts once', async () => {
  const report = await drill('flapping');
  assertKeepsServing(report);
  assert.equal(report.figures.availability.directDuringFaults, 0);
  assert.ok(report.incidentEvents.some((event) => event.kind === 'opened'));
});

test('credential-revoked: a revoked key fails every direct call, none through Outlast', async () => {
  const report = await drill('credential-revoked');
  assertKeepsServing(report);
  assert.equal(report.figures.availability.directDuringFaults, 0);
  assert.equal(report.figures.availability.outlastDuringFaults, 100);
  assert.ok(report.figures.timeToRecoverMs !== undefined, 'traffic returns to the primary once the key is replaced');
});

test('a paced drill keeps to its speed: 55 simulated minutes at speed 1100 take at least 3 real seconds', async () => {
  const report = await drill('total-outage', 10_000, 1100);
  assert.ok(report.realMs >= 3000, `${report.realMs} ms`);
  assert.ok(report.realMs < 60_000, `${report.realMs} ms`);
  assert.equal(report.figures.availability.outlastDuringFaults, 100);
});

function captureIo(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd,
    signal: new AbortController().signal,
  };
}

test('outlast drill writes Markdown, HTML and JSON reports and exits 1 when an SLO is missed, 2 on usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outlast-drill-'));
  try {
    const io = captureIo(dir);
    const met = await runDrillCommand(
      ['total-outage', '--speed', 'max', '--report', 'r.html', '--json', 'r.json', '--slo', 'availability=99.9'],
      io,
    );
    assert.equal(met, 0, io.err.join('\n'));
    assert.match(io.out.join(''), /\| Availability, during the faults \| 100% \| 0\.00% \|/);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    assert.match(html, /<svg [^>]*role="img"/);
    assert.doesNotMatch(html, /(src|href)="https?:/, 'no external asset');
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as DrillReport;
    assert.equal(json.scenario, 'total-outage');
    const missed = captureIo(dir);
    assert.equal(await runDrillCommand(['total-outage', '--speed', 'max', '--slo', 'time_to_detect_s=1'], missed), 1);
    assert.match(missed.err.join('\n'), /SLO missed: time_to_detect_s/);
    const usage = captureIo(dir);
    assert.equal(await runDrillCommand(['total-outage', '--slo', 'uptime=1'], usage), 2);
    assert.equal(await runDrillCommand(['no-such-scenario'], usage), 2);
    assert.equal(await runDrillCommand(['total-outage', '--speed', '0'], usage), 2);
    assert.match(usage.err.join('\n'), /--speed expects a positive number/);
    // Your own config: providers at ${SIM}; the baseline needs an Anthropic primary.
    const own =
      'providers:\n  - { id: main, type: anthropic, api_key: k1, base_url: "${SIM}" }\n  - { id: spare, type: openai, api_key: k2, base_url: "${SIM}/v1" }\nroutes:\n  - { model: chat, targets: [ { provider: main, model: claude-haiku-4-5 }, { provider: spare, model: gpt-5 } ] }\n';
    writeFileSync(join(dir, 'own.yaml'), own);
    const ownIo = captureIo(dir);
    assert.equal(await runDrillCommand(['credential-revoked', '--speed', 'max', '--config', 'own.yaml'], ownIo), 0);
    assert.match(ownIo.out.join(''), /Route `chat`, primary `main\/claude-haiku-4-5`/);
    writeFileSync(
      join(dir, 'openai-first.yaml'),
      own.replace(
        'provider: main, model: claude-haiku-4-5 }, { provider: spare',
        'provider: spare, model: gpt-5 }, { provider: main',
      ),
    );
    const openaiFirst = captureIo(dir);
    assert.equal(await runDrillCommand(['total-outage', '--config', 'openai-first.yaml'], openaiFirst), 2);
    assert.match(openaiFirst.err.join('\n'), /baseline calls the primary directly with the Anthropic SDK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
