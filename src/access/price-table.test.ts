import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { defaultPrices } from './default-prices.ts';
import { computeCostUsd, createPriceTable } from './price-table.ts';

const table = createPriceTable({ overrides: {}, defaults: defaultPrices });

test('prices current Anthropic, OpenAI and Gemini models from the shipped table', () => {
  assert.equal(table.priceOf('anthropic', 'claude-sonnet-4-5-20250929')?.input_per_mtok, 3);
  assert.equal(table.priceOf('openai', 'gpt-5')?.output_per_mtok, 10);
  assert.equal(table.priceOf('gemini', 'gemini-2.5-flash')?.input_per_mtok, 0.3);
});

test('the most specific glob wins whatever the order of the table', () => {
  assert.equal(table.priceOf('openai', 'gpt-5-mini-2025-08-07')?.input_per_mtok, 0.25);
  assert.equal(table.priceOf('openai', 'gpt-4o-mini')?.input_per_mtok, 0.15);
  assert.equal(table.priceOf('anthropic', 'claude-opus-4-1')?.input_per_mtok, 15);
  assert.equal(table.priceOf('anthropic', 'claude-opus-4-5')?.input_per_mtok, 5);
  assert.equal(table.priceOf('gemini', 'gemini-2.5-flash-lite')?.input_per_mtok, 0.1);
});

test('config entries override the defaults, provider/model before a bare model', () => {
  const custom = createPriceTable({
    overrides: {
      'gpt-5': { input_per_mtok: 1, output_per_mtok: 2 },
      'azure/gpt-5': { input_per_mtok: 7, output_per_mtok: 8 },
      'llama*': { input_per_mtok: 0, output_per_mtok: 0 },
    },
    defaults: defaultPrices,
  });
  assert.equal(custom.priceOf('openai', 'gpt-5')?.input_per_mtok, 1);
  assert.equal(custom.priceOf('azure', 'gpt-5')?.input_per_mtok, 7);
  assert.equal(custom.priceOf('local', 'llama3.1:8b')?.output_per_mtok, 0);
  assert.equal(custom.priceOf('openai', 'gpt-5-mini')?.input_per_mtok, 0.25);
});

test('a model nobody priced has no price', () => {
  assert.equal(table.priceOf('local', 'mistral-7b'), undefined);
});

test('costs input, cached input and output at their own prices', () => {
  const price = { input_per_mtok: 3, output_per_mtok: 15, cached_input_per_mtok: 0.3 };
  const cost = computeCostUsd({ inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 100_000 }, price);
  assert.ok(Math.abs(cost - 4.8) < 1e-9);
  const noCachePrice = computeCostUsd(
    { inputTokens: 0, cachedInputTokens: 1_000_000, outputTokens: 0 },
    { input_per_mtok: 2, output_per_mtok: 0 },
  );
  assert.equal(noCachePrice, 2);
});

test('property: the price found does not depend on the order of the table', () => {
  const entries = Object.entries(defaultPrices);
  const models = [
    'gpt-5-mini-2025',
    'gpt-4o-mini',
    'claude-opus-4-1',
    'claude-opus-4-6',
    'gemini-2.5-flash-lite',
    'o3',
  ];
  fc.assert(
    fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
      const reordered = createPriceTable({ overrides: {}, defaults: Object.fromEntries(shuffled) });
      for (const model of models) assert.deepEqual(reordered.priceOf('p', model), table.priceOf('p', model));
    }),
  );
});
