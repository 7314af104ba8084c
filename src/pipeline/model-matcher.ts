import { matchModelGlob } from '../config/match-model-glob.ts';

/** Compiles a provider's model list once (at config load): exact names in a set, `*` globs checked in order. */
export function compileModelMatcher(patterns: readonly string[]): (model: string) => boolean {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.includes('*')) globs.push(pattern);
    else exact.add(pattern);
  }
  return (model) => exact.has(model) || globs.some((glob) => matchModelGlob(glob, model));
}
