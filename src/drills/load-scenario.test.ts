import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { builtInScenarios, loadScenario, parseScenarioText } from './load-scenario.ts';
import { scenarioJsonSchema } from './scenario-json-schema.ts';

test('docs/drill-scenario.schema.json is up to date (run npm run schema)', () => {
  const file = new URL('../../docs/drill-scenario.schema.json', import.meta.url);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), scenarioJsonSchema());
});

test('the six built-in scenarios load, each with at least one fault window', () => {
  assert.deepEqual(builtInScenarios(), [
    'anthropic-2026-03-02',
    'credential-revoked',
    'flapping',
    'rate-limit-storm',
    'slow-degradation',
    'total-outage',
  ]);
  for (const name of builtInScenarios()) {
    const loaded = loadScenario(name);
    assert.ok(loaded.ok, `${name}: ${loaded.ok ? '' : loaded.problems.join('; ')}`);
    assert.equal(loaded.compiled.scenario.name, name);
    assert.ok(loaded.compiled.faultWindows.length >= 1, name);
  }
});

test('every built-in scenario is paced to under 2 minutes of real time at its default speed', () => {
  for (const name of builtInScenarios()) {
    const loaded = loadScenario(name);
    assert.ok(loaded.ok);
    const realS = loaded.compiled.durationMs / 1000 / loaded.compiled.scenario.default_speed;
    assert.ok(realS <= 90, `${name}: ${realS} s of pacing leaves no headroom under 2 minutes`);
  }
});

test('the March 2 scenario follows the public timeline, the status page posting tens of minutes late', () => {
  const loaded = loadScenario('anthropic-2026-03-02');
  assert.ok(loaded.ok);
  const at = (offsetMs: number) => new Date(loaded.compiled.startMs + offsetMs).toISOString().slice(11, 16);
  const faultTimes = loaded.compiled.steps.filter((step) => step.faults !== undefined).map((s) => at(s.offsetMs));
  for (const time of ['11:49', '13:37', '14:35', '16:50', '17:56', '18:54', '21:16'])
    assert.ok(faultTimes.includes(time));
  const firstPost = loaded.compiled.steps.find((step) => step.status.length > 0);
  assert.ok(
    firstPost !== undefined && firstPost.offsetMs - (loaded.compiled.faultWindows[0]?.startMs ?? 0) >= 20 * 60_000,
  );
  assert.equal(loaded.compiled.steps.at(-1)?.status[0]?.incident?.status, 'resolved');
});

test('a scenario with an unknown field, a bad time or an unnamed incident is refused with each problem named', () => {
  const unknown = parseScenarioText(
    'name: x\ntitle: t\nstart: "2026-01-01T00:00:00Z"\nduration: 10m\nevents: [{ at: "+1m", faults: [], colour: red }]',
  );
  assert.ok(!unknown.ok);
  assert.match(unknown.problems.join('\n'), /events\.0\.colour: Unknown field/);
  const late = parseScenarioText(
    'name: x\ntitle: t\nstart: "2026-01-01T00:00:00Z"\nduration: 10m\nevents: [{ at: "+20m" }]',
  );
  assert.ok(!late.ok);
  assert.match(late.problems.join('\n'), /events\.0\.at: "\+20m" is after the end/);
  const badAt = parseScenarioText(
    'name: x\ntitle: t\nstart: "2026-01-01T00:00:00Z"\nduration: 10m\nevents: [{ at: "noon" }]',
  );
  assert.ok(!badAt.ok);
  assert.match(badAt.problems.join('\n'), /events\.0\.at/);
  const unnamed = parseScenarioText(
    'name: x\ntitle: t\nstart: "2026-01-01T00:00:00Z"\nduration: 10m\nevents: [{ at: "+1m", status: [{ vendor: anthropic, incident: { ref: a, status: resolved } }] }]',
  );
  assert.ok(!unnamed.ok);
  assert.match(unnamed.problems.join('\n'), /incident "a" is updated before it is posted/);
  assert.ok(!loadScenario('no-such-scenario').ok);
});
