/**
 * Words the simulated answers are made of. A few are non-ASCII (accents, CJK, an emoji outside the BMP) so that every
 * healthy answer exercises UTF-8 handling across chunk boundaries.
 */
export const vocabulary: readonly string[] = Object.freeze(
  (
    'the a signal river quiet gateway answer stone bright window model steady harbor north green lantern simple orbit ' +
    'paper engine amber forest clock mirror gentle silver meadow rapid cloud vector garden echo summit copper thread ' +
    'little open circle winter spark café über naïve 東京 señal 🙂 ready falcon marble tide pixel candle violet anchor ' +
    'prairie hollow ember compass ripple meteor willow harvest beacon tundra'
  ).split(' '),
);
