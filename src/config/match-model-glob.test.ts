import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchModelGlob } from './match-model-glob.ts';

test('matches exact names and * globs', () => {
  assert.ok(matchModelGlob('gpt-5', 'gpt-5'));
  assert.ok(!matchModelGlob('gpt-5', 'gpt-5-mini'));
  assert.ok(matchModelGlob('claude-*', 'claude-sonnet-4-5'));
  assert.ok(matchModelGlob('o1*', 'o1'));
  assert.ok(!matchModelGlob('o1*', 'xo1'));
  assert.ok(matchModelGlob('*', ''));
  assert.ok(matchModelGlob('a*b*c', 'axxbyyc'));
  assert.ok(!matchModelGlob('a*b*c', 'acb'));
  assert.ok(!matchModelGlob('ab*ba', 'aba'), 'prefix and suffix may not overlap');
});

test('agrees with an equivalent regular expression', () => {
  const alphabet = fc.constantFrom('a', 'b', '*');
  fc.assert(
    fc.property(
      fc.string({ unit: alphabet, maxLength: 6 }),
      fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 8 }),
      (pattern, model) => {
        const expected = new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(model);
        assert.equal(matchModelGlob(pattern, model), expected);
      },
    ),
  );
});
