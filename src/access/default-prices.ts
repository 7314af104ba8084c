import type { PriceEntry } from './price-table.ts';

/** The day the shipped prices were copied from the vendors' price pages; `pricing` in the config overrides them. */
export const defaultPricesDate = '2025-10-01';

/**
 * USD per million tokens by model glob (the most specific matching pattern wins). Standard tier, prompts under the
 * long-context threshold; cached input is a prompt-cache read. Sources: anthropic.com/pricing,
 * openai.com/api/pricing, ai.google.dev/gemini-api/docs/pricing.
 */
export const defaultPrices: Readonly<Record<string, PriceEntry>> = {
  // Anthropic: cache reads cost 10% of input.
  'claude-opus-4-5*': { input_per_mtok: 5, output_per_mtok: 25, cached_input_per_mtok: 0.5 },
  'claude-opus-4-6*': { input_per_mtok: 5, output_per_mtok: 25, cached_input_per_mtok: 0.5 },
  'claude-opus-4*': { input_per_mtok: 15, output_per_mtok: 75, cached_input_per_mtok: 1.5 },
  'claude-sonnet-4*': { input_per_mtok: 3, output_per_mtok: 15, cached_input_per_mtok: 0.3 },
  'claude-3-7-sonnet*': { input_per_mtok: 3, output_per_mtok: 15, cached_input_per_mtok: 0.3 },
  'claude-haiku-4*': { input_per_mtok: 1, output_per_mtok: 5, cached_input_per_mtok: 0.1 },
  'claude-3-5-haiku*': { input_per_mtok: 0.8, output_per_mtok: 4, cached_input_per_mtok: 0.08 },
  // OpenAI
  'gpt-5*': { input_per_mtok: 1.25, output_per_mtok: 10, cached_input_per_mtok: 0.125 },
  'gpt-5-mini*': { input_per_mtok: 0.25, output_per_mtok: 2, cached_input_per_mtok: 0.025 },
  'gpt-5-nano*': { input_per_mtok: 0.05, output_per_mtok: 0.4, cached_input_per_mtok: 0.005 },
  'gpt-4.1*': { input_per_mtok: 2, output_per_mtok: 8, cached_input_per_mtok: 0.5 },
  'gpt-4.1-mini*': { input_per_mtok: 0.4, output_per_mtok: 1.6, cached_input_per_mtok: 0.1 },
  'gpt-4.1-nano*': { input_per_mtok: 0.1, output_per_mtok: 0.4, cached_input_per_mtok: 0.025 },
  'gpt-4o*': { input_per_mtok: 2.5, output_per_mtok: 10, cached_input_per_mtok: 1.25 },
  'gpt-4o-mini*': { input_per_mtok: 0.15, output_per_mtok: 0.6, cached_input_per_mtok: 0.075 },
  'o3*': { input_per_mtok: 2, output_per_mtok: 8, cached_input_per_mtok: 0.5 },
  'o4-mini*': { input_per_mtok: 1.1, output_per_mtok: 4.4, cached_input_per_mtok: 0.275 },
  'text-embedding-3-small': { input_per_mtok: 0.02, output_per_mtok: 0 },
  'text-embedding-3-large': { input_per_mtok: 0.13, output_per_mtok: 0 },
  // Google Gemini
  'gemini-2.5-pro*': { input_per_mtok: 1.25, output_per_mtok: 10, cached_input_per_mtok: 0.31 },
  'gemini-2.5-flash*': { input_per_mtok: 0.3, output_per_mtok: 2.5, cached_input_per_mtok: 0.075 },
  'gemini-2.5-flash-lite*': { input_per_mtok: 0.1, output_per_mtok: 0.4, cached_input_per_mtok: 0.025 },
  'gemini-2.0-flash*': { input_per_mtok: 0.1, output_per_mtok: 0.4, cached_input_per_mtok: 0.025 },
};
