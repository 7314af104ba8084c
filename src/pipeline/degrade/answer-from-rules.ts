import type { RulesFile } from '../../config/parse-rules-file.ts';
import { type Bm25Index, createBm25Index } from './bm25-index.ts';

/** What the rules rung answers, and why. */
export interface RulesAnswer {
  /** The answer text. */
  text: string;
  /** `rule` for a pattern or keyword rule, `faq` for a BM25 match. */
  source: 'rule' | 'faq';
  /** The FAQ match's relative score, for faq answers. */
  score?: number | undefined;
}

/** A rules file ready to answer: patterns compiled, FAQ indexed, once per loaded file. */
export interface RulesAnswerer {
  /** The answer for the last user turn, or undefined when no rule matches and no FAQ question is near enough. */
  answer(text: string): RulesAnswer | undefined;
}

const wordChar = /[\p{L}\p{N}]/u;

function containsKeyword(haystack: string, keyword: string): boolean {
  let from = haystack.indexOf(keyword);
  while (from !== -1) {
    const before = from === 0 ? ' ' : haystack[from - 1]!;
    const after = haystack[from + keyword.length] ?? ' ';
    if (!wordChar.test(before) && !wordChar.test(after)) return true;
    from = haystack.indexOf(keyword, from + 1);
  }
  return false;
}

/**
 * Prepares a rules file: rules are tried in file order (a regex match, or any keyword as a whole word or phrase,
 * case-insensitive), then the FAQ question with the best BM25 score at or above `faq.min_score`. Pure.
 */
export function createRulesAnswerer(file: RulesFile): RulesAnswerer {
  const index: Bm25Index | undefined =
    file.faq === undefined ? undefined : createBm25Index(file.faq.entries.map((entry) => entry.question));
  return {
    answer(text) {
      const lower = text.toLowerCase();
      for (const rule of file.rules) {
        if (
          rule.pattern !== undefined ? rule.pattern.test(text) : rule.keywords?.some((k) => containsKeyword(lower, k))
        ) {
          return { text: rule.answer, source: 'rule' };
        }
      }
      if (index === undefined || file.faq === undefined) return undefined;
      const best = index.best(text);
      if (best === undefined || best.score < file.faq.minScore) return undefined;
      return { text: file.faq.entries[best.index]!.answer, source: 'faq', score: best.score };
    },
  };
}
