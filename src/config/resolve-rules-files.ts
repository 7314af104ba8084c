import path from 'node:path';
import { deepFreeze } from './deep-freeze.ts';
import type { ConfigProblem } from './load-result.ts';
import { describeRulesProblem, readRulesFile } from './parse-rules-file.ts';
import type { OutlastConfig } from './schema.ts';

/**
 * Makes every route's `rules_file` absolute (relative paths are read against `baseDir`, the config file's folder)
 * and validates each file, so a broken rules file is refused at load with its path, not found during an outage.
 */
export function resolveRulesFiles(
  config: OutlastConfig,
  baseDir: string,
): { ok: true; config: OutlastConfig } | { ok: false; problems: ConfigProblem[] } {
  if (!config.routes.some((route) => route.rules_file !== undefined)) return { ok: true, config };
  const problems: ConfigProblem[] = [];
  const routes = config.routes.map((route, index) => {
    if (route.rules_file === undefined) return route;
    const file = path.resolve(baseDir, route.rules_file);
    const read = readRulesFile(file);
    if (!read.ok) {
      for (const problem of read.problems) {
        problems.push({ path: `routes[${index}].rules_file`, message: describeRulesProblem(file, problem) });
      }
    }
    return { ...route, rules_file: file };
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: deepFreeze({ ...config, routes }) };
}
