/** Words that carry no topic; left out of the FAQ index and of queries. */
const stopWords: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by can could do does for from have how i if in into is it its me my of on or our ' +
    'please should so that the their them there these this to was we what when where which who why will with would ' +
    'you your'
  ).split(' '),
);

const wordPattern = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of a text without stop words. Pure. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const match of text.toLowerCase().matchAll(wordPattern)) {
    if (!stopWords.has(match[0])) words.push(match[0]);
  }
  return words;
}

/** An Okapi BM25 index over a fixed list of documents. */
export interface Bm25Index {
  /** The best document for a query: its index and its score relative to that document's score against itself. */
  best(query: string): { index: number; score: number } | undefined;
}

/**
 * Builds a BM25 index (k1 = 1.2, b = 0.75). `best` normalizes the winner's score by the document's own self-score,
 * so a threshold in [0, 1] reads as "how much of the question's weight the query covers". Pure.
 */
export function createBm25Index(documents: readonly string[], options: { k1?: number; b?: number } = {}): Bm25Index {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const docs = documents.map((text) => {
    const counts = new Map<string, number>();
    const words = tokenize(text);
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    return { counts, length: words.length };
  });
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length) || 1;
  const frequency = new Map<string, number>();
  for (const doc of docs) for (const word of doc.counts.keys()) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const idf = (word: string) => {
    const n = frequency.get(word) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  const score = (words: ReadonlySet<string>, doc: (typeof docs)[number]) => {
    let total = 0;
    for (const word of words) {
      const count = doc.counts.get(word);
      if (count === undefined) continue;
      total += (idf(word) * count * (k1 + 1)) / (count + k1 * (1 - b + (b * doc.length) / averageLength));
    }
    return total;
  };
  const selfScores = docs.map((doc) => score(new Set(doc.counts.keys()), doc));
  return {
    best(query) {
      const words = new Set(tokenize(query));
      if (words.size === 0) return undefined;
      let best: { index: number; score: number } | undefined;
      docs.forEach((doc, index) => {
        const self = selfScores[index]!;
        if (self <= 0) return;
        const relative = score(words, doc) / self;
        if (relative > 0 && (best === undefined || relative > best.score)) best = { index, score: relative };
      });
      return best;
    },
  };
}
