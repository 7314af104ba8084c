import type { FaultRule } from '../sim/fault-rule.ts';
import { parseDurationMs, parseTimeOffset } from './parse-time-offset.ts';
import type { Scenario, StatusChange } from './scenario-schema.ts';

/** One change of a compiled timeline, at its offset from the start. */
export interface TimelineStep {
  /** Milliseconds after the scenario start. */
  offsetMs: number;
  /** What happens. */
  note: string | undefined;
  /** The new fault rules (replacing the previous ones), when the step changes them. */
  faults: FaultRule[] | undefined;
  /** Status page changes. */
  status: StatusChange[];
}

/** A window during which fault rules are set. */
export interface FaultWindow {
  /** Offset of the first step setting faults, in ms. */
  startMs: number;
  /** Offset of the step clearing them (or the end of the run), in ms. */
  endMs: number;
}

/** A scenario ready to play. */
export interface CompiledScenario {
  /** The scenario as validated. */
  scenario: Scenario;
  /** Simulated start, epoch ms. */
  startMs: number;
  /** Simulated length, in ms. */
  durationMs: number;
  /** Steps in time order. */
  steps: TimelineStep[];
  /** Windows with faults set. */
  faultWindows: FaultWindow[];
}

/** Compiles a validated scenario, or lists what is wrong with its times and references (pure). */
export function compileScenario(
  scenario: Scenario,
): { ok: true; compiled: CompiledScenario } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const startMs = Date.parse(scenario.start);
  const durationMs = parseDurationMs(scenario.duration) ?? 0;
  const steps: TimelineStep[] = [];
  scenario.events.forEach((event, index) => {
    const offsetMs = parseTimeOffset(event.at, startMs);
    if (offsetMs === undefined) problems.push(`events.${index}.at: "${event.at}" is not a time`);
    else if (offsetMs > durationMs) problems.push(`events.${index}.at: "${event.at}" is after the end of the run`);
    else steps.push({ offsetMs, note: event.note, faults: event.faults, status: event.status ?? [] });
  });
  steps.sort((a, b) => a.offsetMs - b.offsetMs);
  const named = new Set<string>();
  for (const step of steps) {
    for (const change of step.status) {
      const incident = change.incident;
      if (incident === undefined) continue;
      const key = `${change.vendor}/${incident.ref}`;
      if (!named.has(key) && incident.name === undefined)
        problems.push(`incident "${incident.ref}" is updated before it is posted with a name`);
      named.add(key);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const faultWindows: FaultWindow[] = [];
  let openedAt: number | undefined;
  for (const step of steps) {
    if (step.faults === undefined) continue;
    if (step.faults.length > 0 && openedAt === undefined) openedAt = step.offsetMs;
    if (step.faults.length === 0 && openedAt !== undefined) {
      faultWindows.push({ startMs: openedAt, endMs: step.offsetMs });
      openedAt = undefined;
    }
  }
  if (openedAt !== undefined) faultWindows.push({ startMs: openedAt, endMs: durationMs });
  return { ok: true, compiled: { scenario, startMs, durationMs, steps, faultWindows } };
}
