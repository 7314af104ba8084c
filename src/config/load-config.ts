import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { configFromEnv } from './config-from-env.ts';
import { interpolateEnv } from './interpolate-env.ts';
import type { ConfigProblem, LoadResult } from './load-result.ts';
import { resolveRulesFiles } from './resolve-rules-files.ts';
import type { OutlastConfig } from './schema.ts';
import { type PathProblem, toConfigProblems, validateConfig } from './validate-config.ts';

export type { ConfigProblem, LoadResult } from './load-result.ts';

type Env = Readonly<Record<string, string | undefined>>;
type Path = (string | number)[];

// An unquoted ${...} inside a flow collection: YAML reads its braces as a mapping.
const FLOW_REFERENCE = /[[{][^'"]*\$\{/;

/** The file read when no path is given. */
export const DEFAULT_CONFIG_FILE = 'outlast.yaml';

/** Line (1-based) of the deepest node of `path` present in the document; a missing key points at its parent. */
function locateLine(document: Document, lineCounter: LineCounter, target: Path): number | undefined {
  let node: unknown = document.contents;
  let found: Node | undefined = isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
  for (const segment of target) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
      );
      if (!pair) break;
      node = pair.value;
      // The key's line: where an unknown key is, and where a block value starts.
      if (isScalar(pair.key)) found = pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (isMap(node) || isSeq(node) || isScalar(node)) found = node;
      else break;
    } else break;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** Notes worth reading about a valid file: parts that can never be used or cannot authenticate. */
function describeFileConfig(config: OutlastConfig): string[] {
  const notes: string[] = [];
  const targeted = new Set(config.routes.flatMap((route) => route.targets.map((target) => target.provider)));
  for (const provider of config.providers) {
    if (provider.models.length === 0 && !targeted.has(provider.id)) {
      notes.push(`provider '${provider.id}' has no models and no route targets it: no request will reach it`);
    }
    if (provider.type !== 'openai-compatible' && provider.api_key === undefined) {
      notes.push(`provider '${provider.id}' (${provider.type}) has no api_key`);
    }
  }
  return notes;
}

/**
 * Parses and validates the text of an outlast.yaml: YAML, then `${VAR}` / `${VAR:-default}` interpolation, then the
 * schema and its cross-field checks. Every problem is reported, each with its path and, when known, its line.
 */
export function parseConfigText(text: string, env: Env, options: { baseDir?: string } = {}): LoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    // One error per line: a single mistake often makes the parser report several at the same place.
    const problems = new Map<number, ConfigProblem>();
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      if (problems.has(line)) continue;
      const message = error.message.split('\n')[0] ?? error.message;
      const lineText = text.split('\n')[line - 1] ?? '';
      const hint = FLOW_REFERENCE.test(lineText) ? `; inside { } or [ ], quote a '\${...}' value` : '';
      problems.set(line, { path: '(root)', message: `YAML syntax: ${message}${hint} (line ${line}, column ${col})` });
    }
    return { ok: false, problems: [...problems.values()] };
  }

  const interpolationProblems = interpolateEnv(document, env);
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ path: '(root)', message: `YAML: ${(error as Error).message}` }] };
  }

  const validation = validateConfig(raw);
  if (validation.ok && interpolationProblems.length === 0) {
    const resolved = resolveRulesFiles(validation.config, options.baseDir ?? process.cwd());
    if (!resolved.ok) return resolved;
    return { ok: true, config: resolved.config, source: 'file', notes: describeFileConfig(resolved.config) };
  }

  // A value that failed interpolation is not validated too: its own problem says what to fix.
  const schemaProblems: PathProblem[] = validation.ok
    ? []
    : validation.problems.filter((problem) => !interpolationProblems.some((p) => startsWith(problem.path, p.path)));
  const located = [
    ...interpolationProblems.map((problem) => ({
      problem,
      line: problem.offset === undefined ? undefined : lineCounter.linePos(problem.offset).line,
    })),
    ...schemaProblems.map((problem) => ({ problem, line: locateLine(document, lineCounter, problem.path) })),
  ];
  // File order reads best; problems without a line (whole file) come first. Array.sort is stable.
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const problems: ConfigProblem[] = located.flatMap(({ problem, line }) => toConfigProblems([problem], () => line));
  return { ok: false, problems };
}

/** The file loadConfig reads: `path` resolved against cwd, else ./outlast.yaml when it exists, else none. */
export function resolveConfigPath(options: { path?: string | undefined; cwd: string }): string | undefined {
  if (options.path !== undefined) return path.resolve(options.cwd, options.path);
  const fallback = path.join(options.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Loads the configuration: the file at `path` (which must exist), else ./outlast.yaml in cwd when it exists, else the
 * environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, OUTLAST_LOCAL_BASE_URL; see configFromEnv).
 */
export async function loadConfig(options: { path?: string | undefined; env: Env; cwd: string }): Promise<LoadResult> {
  const file = resolveConfigPath(options);
  if (file === undefined) {
    const result = configFromEnv(options.env);
    if (!result.ok) return result;
    const intro = `no ${DEFAULT_CONFIG_FILE} in ${options.cwd}: configured from environment variables`;
    return { ...result, notes: [intro, ...result.notes] };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `config file not found: ${file}`
        : code === 'EISDIR'
          ? `config path is a directory, not a file: ${file}`
          : `cannot read config file ${file}: ${(error as Error).message}`;
    return { ok: false, problems: [{ path: '(root)', message }] };
  }
  const result = parseConfigText(text, options.env, { baseDir: path.dirname(file) });
  if (!result.ok) return result;
  return { ...result, notes: [`configuration read from ${file}`, ...result.notes] };
}
