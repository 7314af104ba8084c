import type { z } from 'zod';
import { deepFreeze } from './deep-freeze.ts';
import { formatPath } from './format-path.ts';
import { configJsonSchema } from './json-schema.ts';
import type { ConfigProblem } from './load-result.ts';
import { configSchema, type OutlastConfig } from './schema.ts';

type Path = (string | number)[];

/** Problem in zod's path form, before the path is formatted; the loader adds line numbers and merges others. */
export interface PathProblem {
  path: Path;
  message: string;
}

export type ValidationResult = { ok: true; config: OutlastConfig } | { ok: false; problems: PathProblem[] };

// Common names from other gateways and SDKs, mapped to ours, for "did you mean".
const KEY_ALIASES: Readonly<Record<string, string>> = {
  api_base: 'base_url',
  endpoint: 'base_url',
  url: 'base_url',
  key: 'api_key',
  fallbacks: 'targets',
  model_list: 'routes',
};

function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return 'text';
  return `a ${typeof input}`;
}

function describeExpected(expected: string): string {
  const words: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'text',
    object: 'a mapping',
    array: 'a list',
    boolean: 'true or false',
    record: 'a mapping',
  };
  return words[expected] ?? expected;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Messages in the words of a YAML file rather than of JavaScript; schema-level messages take precedence. */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue.path ?? []).length === 0 && (issue.input === undefined || issue.input === null)) {
        return 'the configuration is empty: declare at least one provider (see examples/outlast.yaml)';
      }
      if (issue.input === undefined) return `required (${describeExpected(issue.expected)})`;
      return `expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string')
        return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
      if (issue.origin === 'array') return `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${minimum}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${maximum} characters`;
      if (issue.origin === 'array') return `takes at most ${maximum} items`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${maximum}`;
    }
    case 'invalid_value':
      if (issue.input === undefined) return `required (one of ${issue.values.map(quote).join(', ')})`;
      return `must be one of ${issue.values.map(quote).join(', ')} (got ${quote(issue.input)})`;
    case 'invalid_format':
      return `must be ${issue.format === 'regex' ? `text matching ${issue.pattern}` : `a valid ${issue.format}`}`;
    default:
      return undefined;
  }
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const alias = KEY_ALIASES[key];
  if (alias !== undefined && allowed.includes(alias)) return alias;
  const normalize = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  const normalized = allowed.find((candidate) => normalize(candidate) === normalize(key));
  if (normalized !== undefined) return normalized;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

let cachedJsonSchema: Record<string, unknown> | undefined;

/** The keys the schema allows in the mapping at `path`, read from the JSON Schema (public and already flattened). */
function allowedKeysAt(path: Path): string[] {
  cachedJsonSchema ??= configJsonSchema();
  let node: unknown = cachedJsonSchema;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return [];
    const schema = node as { properties?: Record<string, unknown>; items?: unknown };
    node = typeof segment === 'number' ? schema.items : schema.properties?.[segment];
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = suggestKey(key, allowed);
  if (suggestion !== undefined) return `unknown key '${key}' (did you mean '${suggestion}'?)`;
  return allowed.length > 0 ? `unknown key '${key}' (allowed here: ${allowed.join(', ')})` : `unknown key '${key}'`;
}

function problemsFromIssue(issue: z.core.$ZodIssue): PathProblem[] {
  const path = issue.path as Path;
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(path);
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, allowed) }));
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? 'invalid key';
    return [{ path, message: reason }];
  }
  return [{ path, message: issue.message }];
}

/** Validates a plain value (YAML already parsed and interpolated) against the schema, cross-field checks included. */
export function validateConfig(raw: unknown): ValidationResult {
  const result = configSchema.safeParse(raw, { error: errorMap, reportInput: true });
  if (result.success) return { ok: true, config: deepFreeze(result.data) };
  const problems = result.error.issues.flatMap(problemsFromIssue);
  // One problem per place and message: a check that also runs on invalid input may repeat a field's own issue.
  const seen = new Set<string>();
  return {
    ok: false,
    problems: problems.filter((problem) => {
      const key = `${formatPath(problem.path)}\n${problem.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}

/** Formats path problems for the outside, with `locate` giving a line number when there is a file. */
export function toConfigProblems(
  problems: readonly PathProblem[],
  locate?: (path: Path) => number | undefined,
): ConfigProblem[] {
  return problems.map((problem) => {
    const line = locate?.(problem.path);
    const suffix = line === undefined ? '' : ` (line ${line})`;
    return { path: formatPath(problem.path), message: `${problem.message}${suffix}` };
  });
}
