import type { z } from 'zod';

/** A validation problem: where (dotted path from the root, `(root)` for the root itself) and what. */
export interface ValidationProblem {
  /** Dotted path of the offending field. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** Flattens zod issues into problems, one per unknown key so that each names its own path. */
export function zodProblems(error: z.ZodError): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...base, key].join('.'), message: 'Unknown field.' });
    } else {
      problems.push({ path: base.length > 0 ? base.join('.') : '(root)', message: issue.message });
    }
  }
  return problems;
}
