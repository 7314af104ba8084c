/**
 * Cuts a string or a buffer into consecutive pieces at the given points (each taken modulo length + 1, so any
 * fast-check numbers will do); joined again they give the input. For "under any chunk split" property tests.
 */
export function splitAt<Value extends string | Buffer>(value: Value, cuts: readonly number[]): Value[] {
  const points = [...new Set(cuts.map((cut) => cut % (value.length + 1)))].sort((a, b) => a - b);
  const pieces: Value[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(value.slice(start, point) as Value);
    start = point;
  }
  pieces.push(value.slice(start) as Value);
  return pieces;
}
