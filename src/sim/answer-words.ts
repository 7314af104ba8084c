import { hashText } from './hash-text.ts';
import { createSeededRandom } from './seeded-random.ts';
import { vocabulary } from './vocabulary.ts';

/** The first `count` words of the deterministic answer to `prompt`: same prompt, same words, on every API. */
export function answerWords(prompt: string, count: number): string[] {
  const random = createSeededRandom(hashText(prompt));
  const words: string[] = new Array(count);
  for (let index = 0; index < count; index++) {
    words[index] = vocabulary[Math.floor(random() * vocabulary.length)]!;
  }
  return words;
}
