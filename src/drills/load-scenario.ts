import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { zodProblems } from '../sim/zod-problems.ts';
import { type CompiledScenario, compileScenario } from './compile-scenario.ts';
import { scenarioSchema } from './scenario-schema.ts';

const builtInDir = new URL('./scenarios/', import.meta.url);

/** Names of the built-in scenarios, sorted. */
export function builtInScenarios(): string[] {
  return readdirSync(builtInDir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** Parses and compiles scenario text (YAML or JSON); `problems` name each wrong field. */
export function parseScenarioText(
  text: string,
): { ok: true; compiled: CompiledScenario } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return { ok: false, problems: [`not YAML: ${(error as Error).message}`] };
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error).map((p) => `${p.path}: ${p.message}`) };
  return compileScenario(parsed.data);
}

/** Loads a built-in scenario by name, or a scenario file by path. */
export function loadScenario(
  nameOrPath: string,
): { ok: true; compiled: CompiledScenario } | { ok: false; problems: string[] } {
  const builtIn = new URL(`${nameOrPath}.yaml`, builtInDir);
  const isName = /^[a-z0-9][a-z0-9-]*$/.test(nameOrPath);
  const file = isName && existsSync(builtIn) ? builtIn : nameOrPath;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {
      ok: false,
      problems: [`no scenario "${nameOrPath}": not a file, nor a built-in (${builtInScenarios().join(', ')})`],
    };
  }
  return parseScenarioText(text);
}
