import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatPath } from './format-path.ts';

/** Least normalized BM25 score of an FAQ match when the file does not set one. */
export const DEFAULT_FAQ_MIN_SCORE = 0.5;

const ruleSchema = z
  .strictObject({
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('A regular expression (case-insensitive) the last user turn must match.'),
    keywords: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Words or phrases; the rule matches when the last user turn contains any of them (case-insensitive).'),
    answer: z.string().min(1).describe('The answer sent when the rule matches.'),
  })
  .describe('One rule: exactly one of pattern or keywords, and an answer.');

const rulesFileSchema = z.strictObject({
  rules: z
    .array(ruleSchema)
    .default(() => [])
    .describe('Rules tried in order before the FAQ; the first match answers.'),
  faq: z
    .strictObject({
      min_score: z
        .number()
        .min(0)
        .max(1)
        .default(DEFAULT_FAQ_MIN_SCORE)
        .describe("Least BM25 score of the best question, relative to that question's score against itself."),
      entries: z
        .array(z.strictObject({ question: z.string().min(1), answer: z.string().min(1) }))
        .min(1)
        .describe('Question and answer pairs.'),
    })
    .optional()
    .describe('Frequently asked questions, matched by BM25 over the questions.'),
});

/** A rule ready to match. */
export interface CompiledRule {
  /** Compiled once at load, case-insensitive. */
  pattern?: RegExp | undefined;
  /** Lower-cased keywords. */
  keywords?: readonly string[] | undefined;
  /** The answer. */
  answer: string;
}

/** A validated rules file. */
export interface RulesFile {
  /** Rules in file order. */
  rules: readonly CompiledRule[];
  /** FAQ pairs, when any. */
  faq: { minScore: number; entries: readonly { question: string; answer: string }[] } | undefined;
}

/** A problem of a rules file, with its path inside the file. */
export interface RulesFileProblem {
  /** e.g. `rules[2].pattern`, or `(root)`. */
  path: string;
  /** What is wrong. */
  message: string;
}

/** Validates the text of a rules file (YAML) and compiles its patterns; every problem is reported with its path. */
export function parseRulesText(
  text: string,
): { ok: true; rules: RulesFile } | { ok: false; problems: RulesFileProblem[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: '(root)', message: `YAML syntax: ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  const parsed = rulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const problems: RulesFileProblem[] = [];
  const rules: CompiledRule[] = [];
  parsed.data.rules.forEach((rule, index) => {
    if ((rule.pattern === undefined) === (rule.keywords === undefined)) {
      problems.push({ path: `rules[${index}]`, message: 'give exactly one of pattern or keywords' });
      return;
    }
    if (rule.pattern !== undefined) {
      try {
        rules.push({ pattern: new RegExp(rule.pattern, 'iu'), answer: rule.answer });
      } catch (error) {
        problems.push({ path: `rules[${index}].pattern`, message: (error as Error).message });
      }
      return;
    }
    rules.push({ keywords: (rule.keywords ?? []).map((keyword) => keyword.toLowerCase()), answer: rule.answer });
  });
  if (problems.length > 0) return { ok: false, problems };
  const faq = parsed.data.faq;
  return {
    ok: true,
    rules: { rules, faq: faq === undefined ? undefined : { minScore: faq.min_score, entries: faq.entries } },
  };
}

/** Reads and validates a rules file; a file that cannot be read is one problem at `(root)`. */
export function readRulesFile(
  file: string,
): { ok: true; rules: RulesFile } | { ok: false; problems: RulesFileProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problems: [{ path: '(root)', message: code === 'ENOENT' ? 'file not found' : `cannot read: ${code}` }],
    };
  }
  return parseRulesText(text);
}

/** Formats a rules-file problem for the config's problem list. */
export function describeRulesProblem(file: string, problem: RulesFileProblem): string {
  return `${file}: ${problem.path}: ${problem.message}`;
}
