import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countWords } from './count-words.ts';
import { splitFragments } from './split-fragments.ts';
import { splitTokens } from './split-tokens.ts';

describe('token and fragment splitting', () => {
  it('splits any text into tokens that join back into it, one word each', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '東', '🙂', ' ', '\n', '\t') }), (text) => {
        const tokens = splitTokens(text);
        assert.equal(tokens.join(''), text);
        if (countWords(text) > 0) assert.equal(tokens.length, countWords(text));
      }),
    );
  });

  it('splits any text into fragments that join back into it without splitting a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const fragments = splitFragments(text);
        assert.equal(fragments.join(''), text);
        for (const fragment of fragments) assert.equal(Buffer.from(fragment, 'utf8').toString('utf8'), fragment);
      }),
    );
  });

  it('counts words separated by any whitespace', () => {
    assert.equal(countWords('  one\ttwo\nthree\u3000four  '), 4);
    assert.equal(countWords(''), 0);
  });
});
