import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cosineSimilarity } from './cosine-similarity.ts';
import { embedText } from './embed-text.ts';

function distinctTrigrams(text: string): number {
  const chars = Array.from(` ${text} `);
  const seen = new Set<string>();
  for (let index = 0; index + 3 <= chars.length; index++) seen.add(chars.slice(index, index + 3).join(''));
  return seen.size;
}

/** Sentences of 8 to 40 words over an alphabet, with enough distinct trigrams to be a meaningful text. */
function sentence(alphabet: string): fc.Arbitrary<string> {
  const word = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 3, maxLength: 8 });
  return fc
    .array(word, { minLength: 8, maxLength: 40 })
    .map((words) => words.join(' '))
    .filter((text) => distinctTrigrams(text) >= 24);
}

const firstHalf = sentence('abcdefghijklm');
const secondHalf = sentence('nopqrstuvwxyz');

describe('embedText', () => {
  it('returns unit vectors of the asked dimensions, the same for the same text', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 512 }), (text, dimensions) => {
        const vector = embedText(text, dimensions);
        assert.equal(vector.length, dimensions);
        assert.ok(Math.abs(cosineSimilarity(vector, vector) - 1) < 1e-5);
        assert.deepEqual(embedText(text, dimensions), vector);
      }),
    );
  });

  it('keeps near-identical texts (one character changed) near 1 in cosine similarity', () => {
    fc.assert(
      fc.property(firstHalf, fc.nat(), fc.constantFrom(...'xyz'), (text, at, char) => {
        const index = at % text.length;
        const edited = text.slice(0, index) + char + text.slice(index + 1);
        assert.ok(cosineSimilarity(embedText(text, 256), embedText(edited, 256)) > 0.75);
      }),
    );
  });

  it('keeps texts with no trigram in common near 0 in cosine similarity', () => {
    fc.assert(
      fc.property(firstHalf, secondHalf, (left, right) => {
        assert.ok(Math.abs(cosineSimilarity(embedText(left, 256), embedText(right, 256))) < 0.4);
      }),
    );
  });

  it('ranks a paraphrase closer than an unrelated sentence', () => {
    const query = embedText('What is the capital city of France?', 256);
    const paraphrase = embedText('what is the capital of france', 256);
    const unrelated = embedText('Bake the bread for forty minutes at high heat.', 256);
    assert.ok(cosineSimilarity(query, paraphrase) > 0.8);
    assert.ok(cosineSimilarity(query, paraphrase) > cosineSimilarity(query, unrelated) + 0.4);
  });
});
