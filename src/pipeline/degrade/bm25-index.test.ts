import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createBm25Index, tokenize } from './bm25-index.ts';

test('tokenize lower-cases, splits on non-words and drops stop words', () => {
  assert.deepEqual(tokenize('How do I reset MY password?'), ['reset', 'password']);
});

test('the best document is the one sharing the rarest words', () => {
  const index = createBm25Index(['reset password account', 'shipping countries europe', 'password policy length']);
  assert.equal(index.best('forgot my account password')?.index, 0);
  assert.equal(index.best('ship to europe')?.index, 1);
  assert.equal(index.best('nothing in common'), undefined);
});

test('a document scores exactly 1 against itself and never above', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-z]{2,6}( [a-z]{2,6}){0,5}$/), { minLength: 1, maxLength: 6 }),
      (docs) => {
        const index = createBm25Index(docs);
        for (const doc of docs) {
          const best = index.best(doc);
          if (best === undefined) continue;
          assert.ok(best.score <= 1 + 1e-9, `score ${best.score}`);
        }
      },
    ),
  );
});
