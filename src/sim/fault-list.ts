import type { FaultRule, SimApi } from './fault-rule.ts';

/** What a request looks like to the fault rules. */
export interface FaultTarget {
  /** API the request speaks. */
  api: SimApi;
  /** Request path without the query string. */
  path: string;
  /** Model named by the request, when it names one. */
  model: string | undefined;
}

/** The ordered, mutable list of active fault rules. */
export interface FaultList {
  /** Appends rules after the current ones. */
  add(rules: readonly FaultRule[]): void;
  /** Removes every rule. */
  clear(): void;
  /** The rules still active, in order (spent `times` rules are gone). */
  list(): FaultRule[];
  /** The rule that applies to a request, if any; consumes one of its `times`. */
  pick(target: FaultTarget): FaultRule | undefined;
}

interface TextMatcher {
  value: string;
  prefix: boolean;
}

interface FaultEntry {
  rule: FaultRule;
  remaining: number;
  model: TextMatcher | undefined;
  path: TextMatcher | undefined;
}

function toMatcher(pattern: string | undefined): TextMatcher | undefined {
  if (pattern === undefined) return undefined;
  if (pattern.endsWith('*')) return { value: pattern.slice(0, -1), prefix: true };
  return { value: pattern, prefix: false };
}

function matchesText(matcher: TextMatcher | undefined, text: string | undefined): boolean {
  if (matcher === undefined) return true;
  if (text === undefined) return false;
  return matcher.prefix ? text.startsWith(matcher.value) : text === matcher.value;
}

/** Creates an empty fault list; `random` draws the `probability` of each rule (injected for tests). */
export function createFaultList(random: () => number = Math.random): FaultList {
  let entries: FaultEntry[] = [];
  return {
    add(rules) {
      for (const rule of rules) {
        entries.push({
          rule,
          remaining: rule.times ?? Number.POSITIVE_INFINITY,
          model: toMatcher(rule.match?.model),
          path: toMatcher(rule.match?.path),
        });
      }
    },
    clear() {
      entries = [];
    },
    list() {
      return entries.map((entry) => entry.rule);
    },
    pick(target) {
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index]!;
        const api = entry.rule.match?.api;
        if (api !== undefined && api !== target.api) continue;
        if (!matchesText(entry.model, target.model) || !matchesText(entry.path, target.path)) continue;
        const probability = entry.rule.probability ?? 1;
        if (probability < 1 && !(random() < probability)) continue;
        entry.remaining -= 1;
        if (entry.remaining <= 0) entries.splice(index, 1);
        return entry.rule;
      }
      return undefined;
    },
  };
}
