import type { AnswerPlan } from './plan-answer.ts';

/** Output tokens charged for a planned answer: one per word, or the size of a tool call's arguments. */
export function outputTokensOf(plan: AnswerPlan): number {
  return plan.kind === 'tool' ? plan.outputTokens : plan.tokens.length;
}
