import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerWords } from './answer-words.ts';
import { vocabulary } from './vocabulary.ts';

describe('answerWords', () => {
  it('gives the same words for the same prompt', () => {
    assert.deepEqual(
      answerWords('What is the capital of France?', 12),
      answerWords('What is the capital of France?', 12),
    );
  });

  it('gives different words for different prompts', () => {
    assert.notDeepEqual(answerWords('prompt one', 12), answerWords('prompt two', 12));
  });

  it('gives exactly the asked number of vocabulary words, a longer answer extending a shorter one', () => {
    const short = answerWords('extend me', 5);
    const long = answerWords('extend me', 40);
    assert.equal(long.length, 40);
    assert.deepEqual(long.slice(0, 5), short);
    for (const word of long) assert.ok(vocabulary.includes(word));
  });

  it('gives no words when asked for none', () => {
    assert.deepEqual(answerWords('anything', 0), []);
  });
});
