/** Summary of one sample set; every figure in the unit of the samples (ms unless named otherwise). */
export type Summary = {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
};

/** A figure taken over repetitions: the median of the per-repetition values and their spread. */
export type Spread = {
  median: number;
  min: number;
  max: number;
  /** How many repetitions the figure is taken over. */
  count: number;
};

/** Sorts a copy ascending, numerically (Array#sort compares strings by default). */
export function sortAscending(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}

/**
 * Nearest-rank percentile of an ascending array: the smallest value with at least p% of the
 * samples at or below it. p in [0, 100]. NaN for an empty array.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[n - 1]!;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1]!;
}

/** Median (the middle value, or the mean of the two middle values). NaN for an empty set. */
export function median(values: ArrayLike<number>): number {
  const sorted = sortAscending(values);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const middle = n >> 1;
  return n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = sortAscending(values);
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  const n = sorted.length;
  return {
    count: n,
    min: n === 0 ? Number.NaN : sorted[0]!,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: n === 0 ? Number.NaN : sorted[n - 1]!,
    mean: n === 0 ? Number.NaN : sum / n,
  };
}

/** Median and range of per-repetition figures (e.g. the median of per-repetition medians). */
export function spreadOf(values: ArrayLike<number>): Spread {
  const sorted = sortAscending(values);
  const n = sorted.length;
  return {
    median: median(sorted),
    min: n === 0 ? Number.NaN : sorted[0]!,
    max: n === 0 ? Number.NaN : sorted[n - 1]!,
    count: n,
  };
}

/** Pairwise differences a[i] - b[i] over the common length (per-repetition deltas between two arms). */
export function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const n = Math.min(a.length, b.length);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  return out;
}

/** A growable Float64 sample buffer: no per-sample allocation on a measuring path. */
export class Samples {
  #values = new Float64Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  pushAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.push(values[i]!);
  }

  toArray(): Float64Array {
    return this.#values.slice(0, this.#length);
  }
}
