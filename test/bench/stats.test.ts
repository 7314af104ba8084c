import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { differences, median, percentile, Samples, sortAscending, spreadOf, summarize } from '../../bench/stats.ts';

describe('bench stats', () => {
  it('sorts numerically, not as strings', () => {
    assert.deepEqual(Array.from(sortAscending([10, 9, 100, 1])), [1, 9, 10, 100]);
  });

  it('takes nearest-rank percentiles', () => {
    const sorted = sortAscending(Array.from({ length: 100 }, (_, i) => i + 1));
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile(sorted, 0), 1);
  });

  it('returns the only sample for every percentile of a single sample', () => {
    assert.equal(percentile([7], 1), 7);
    assert.equal(percentile([7], 99), 7);
  });

  it('returns NaN for the percentile of no samples', () => {
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('takes p99 of 1000 samples as the 990th value', () => {
    const sorted = sortAscending(Array.from({ length: 1000 }, (_, i) => i));
    assert.equal(percentile(sorted, 99), 989);
  });

  it('averages the two middle values for the median of an even count', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([5, 1, 3]), 3);
  });

  it('summarizes min, p50, p99, max and mean', () => {
    const summary = summarize([3, 1, 2, 4]);
    assert.equal(summary.count, 4);
    assert.equal(summary.min, 1);
    assert.equal(summary.p50, 2);
    assert.equal(summary.max, 4);
    assert.equal(summary.mean, 2.5);
  });

  it('gives the median of medians with its spread', () => {
    const perRepetitionMedians = [0.31, 0.29, 0.4, 0.3, 0.33];
    assert.deepEqual(spreadOf(perRepetitionMedians), { median: 0.31, min: 0.29, max: 0.4, count: 5 });
  });

  it('takes pairwise differences over the common length', () => {
    assert.deepEqual(differences([3, 5, 9], [1, 1]), [2, 4]);
  });

  it('grows a sample buffer past its initial capacity', () => {
    const samples = new Samples();
    for (let i = 0; i < 5000; i++) samples.push(i);
    assert.equal(samples.length, 5000);
    assert.equal(samples.toArray()[4999], 4999);
  });
});
