import { matchModelGlob } from '../config/match-model-glob.ts';
import type { TokenUsage } from './read-usage.ts';

/** One price as written in the config (`pricing`) and in the shipped table: USD per million tokens. */
export interface PriceEntry {
  /** USD per million input tokens. */
  input_per_mtok: number;
  /** USD per million output tokens. */
  output_per_mtok: number;
  /** USD per million input tokens read from a prompt cache; the input price when absent. */
  cached_input_per_mtok?: number | undefined;
}

/** Looks up the price of a target. */
export interface PriceTable {
  /** The price of `model` served by `provider`; undefined when nothing matches (the request then costs nothing). */
  priceOf(provider: string, model: string): PriceEntry | undefined;
}

interface CompiledEntry {
  pattern: string;
  /** True when the pattern names a provider (`provider/model`). */
  qualified: boolean;
  /** Characters other than `*`: the more, the more specific. */
  specificity: number;
  exact: boolean;
  price: PriceEntry;
}

function compile(table: Readonly<Record<string, PriceEntry>>): CompiledEntry[] {
  return Object.entries(table)
    .map(([pattern, price]) => ({
      pattern,
      qualified: pattern.includes('/'),
      specificity: pattern.replaceAll('*', '').length,
      exact: !pattern.includes('*'),
      price,
    }))
    .sort(
      (left, right) =>
        Number(right.qualified) - Number(left.qualified) ||
        Number(right.exact) - Number(left.exact) ||
        right.specificity - left.specificity,
    );
}

function find(entries: readonly CompiledEntry[], provider: string, model: string): PriceEntry | undefined {
  for (const entry of entries) {
    if (matchModelGlob(entry.pattern, entry.qualified ? `${provider}/${model}` : model)) return entry.price;
  }
  return undefined;
}

/**
 * The price table: the config's `pricing` entries first, then the shipped defaults. In each, a `provider/model`
 * pattern beats a bare model pattern, an exact name beats a glob, and a longer glob beats a shorter one.
 * Lookups are memoised per target, so the hot path does one map read.
 */
export function createPriceTable(options: {
  overrides: Readonly<Record<string, PriceEntry>>;
  defaults: Readonly<Record<string, PriceEntry>>;
}): PriceTable {
  const overrides = compile(options.overrides);
  const defaults = compile(options.defaults);
  const memo = new Map<string, PriceEntry | undefined>();
  return {
    priceOf(provider, model) {
      const key = `${provider}/${model}`;
      if (memo.has(key)) return memo.get(key);
      const price = find(overrides, provider, model) ?? find(defaults, provider, model);
      if (memo.size < 10_000) memo.set(key, price);
      return price;
    },
  };
}

/** Cost in USD of `usage` at `price`. */
export function computeCostUsd(usage: TokenUsage, price: PriceEntry): number {
  const cachedPrice = price.cached_input_per_mtok ?? price.input_per_mtok;
  return (
    (usage.inputTokens * price.input_per_mtok +
      usage.cachedInputTokens * cachedPrice +
      usage.outputTokens * price.output_per_mtok) /
    1_000_000
  );
}
