import { z } from 'zod';
import { type FaultRule, faultRuleSchema } from './fault-rule.ts';
import { type ValidationProblem, zodProblems } from './zod-problems.ts';

/** Outcome of parsing posted fault rules. */
export type ParsedFaultRules = { ok: true; rules: FaultRule[] } | { ok: false; problems: ValidationProblem[] };

const ruleListSchema = z.array(faultRuleSchema);

/** Validates one rule or an array of rules, strictly, reporting every problem with its path. */
export function parseFaultRules(input: unknown): ParsedFaultRules {
  const many = Array.isArray(input);
  const result = many ? ruleListSchema.safeParse(input) : faultRuleSchema.safeParse(input);
  if (result.success) {
    const rules = many ? (result.data as FaultRule[]) : [result.data as FaultRule];
    return { ok: true, rules };
  }
  return { ok: false, problems: zodProblems(result.error) };
}
