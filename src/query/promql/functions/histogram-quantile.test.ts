import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramFraction, histogramQuantile } from './index.js';
import type { BucketSet } from './index.js';

// Bucket counts are the values the `load` blocks of histograms.test reach at the evaluation time.

function buckets(pairs: [number, number][]): BucketSet {
  return { upperBounds: pairs.map((p) => p[0]), counts: pairs.map((p) => p[1]) };
}

function near(actual: number, expected: number): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

const positive = buckets([[0.1, 50], [0.2, 70], [1, 110], [Infinity, 120]]);
// Deliberately unsorted, as collected from series.
const negative = buckets([[Infinity, 30], [-0.2, 10], [0.3, 20], [-0.1, 20]]);
const positive3 = buckets([[0, 0], [0.1, 50], [0.2, 70], [1, 110], [Infinity, 110]]);
const negative3 = buckets([[-0.25, 0], [-0.2, 10], [-0.1, 20], [0.3, 20], [Infinity, 20]]);

describe('histogramQuantile', () => {
  it('interpolates inside buckets, from 0 for a positive first bucket', () => {
    const cases: [number, number, number][] = [
      [0, 0, -0.2],
      [0.2, 0.048, -0.2],
      [0.5, 0.15, -0.15],
      [0.8, 0.72, 0.3],
      [1, 1, 0.3],
    ];
    for (const [q, pos, neg] of cases) {
      near(histogramQuantile(q, positive).value, pos);
      near(histogramQuantile(q, negative).value, neg);
    }
  });
  it('matches the testhistogram3 quantiles', () => {
    const cases: [number, number, number][] = [
      [0, 0, -0.25],
      [0.25, 0.055, -0.225],
      [0.5, 0.125, -0.2],
      [0.75, 0.45, -0.15],
      [1, 1, -0.1],
    ];
    for (const [q, pos, neg] of cases) {
      near(histogramQuantile(q, positive3).value, pos);
      near(histogramQuantile(q, negative3).value, neg);
    }
  });
  it('lands mid-bucket where expected', () => {
    const h = buckets([[0, 0], [2, 1], [4, 2], [6, 3], [Infinity, 3]]);
    near(histogramQuantile(1 / 6, h).value, 1);
    near(histogramQuantile(0.5, h).value, 3);
    near(histogramQuantile(5 / 6, h).value, 5);
  });
  it('answers the second-highest bound for ranks in the +Inf bucket', () => {
    near(histogramQuantile(0.99, buckets([[1, 1], [2, 2], [Infinity, 10]])).value, 2);
  });
  it('handles φ outside [0, 1] and NaN before anything else', () => {
    const noInf = buckets([[1, 1], [2, 2]]);
    near(histogramQuantile(-0.1, noInf).value, -Infinity);
    near(histogramQuantile(1.01, noInf).value, Infinity);
    near(histogramQuantile(NaN, positive).value, NaN);
  });
  it('gives NaN without +Inf bucket, with one bucket, or with no observations', () => {
    near(histogramQuantile(0.5, buckets([[1, 1], [2, 2]])).value, NaN);
    near(histogramQuantile(0.5, buckets([[Infinity, 0], [Infinity, 0]])).value, NaN);
    near(histogramQuantile(0.5, buckets([[1, 0], [Infinity, 0]])).value, NaN);
  });
  it('merges buckets with the same bound', () => {
    const mixed = buckets([[0.1, 1], [0.2, 1], [0.2, 1], [0.2, 1], [Infinity, 4]]);
    near(histogramQuantile(0.5, mixed).value, 0.15);
  });
  it('forces monotonicity and reports where', () => {
    const h = buckets([[0.1, 20], [1, 10], [10, 50], [100, 40], [1000, 90], [Infinity, 80]]);
    near(histogramQuantile(0.01, h).value, 0.0045);
    near(histogramQuantile(0.5, h).value, 8.5);
    const r = histogramQuantile(0.99, h);
    near(r.value, 979.75);
    assert.equal(r.forcedMonotonic, true);
    assert.equal(r.fixedPrecision, false);
    assert.equal(r.minBucket, 1);
    assert.equal(r.maxBucket, Infinity);
    assert.equal(r.maxDiff, 10);
    assert.equal(histogramQuantile(0.5, positive).forcedMonotonic, false);
  });
  it('3.x flattens float noise silently; 2.42 counts it as a forced fix', () => {
    const noisy = buckets([[1, 10], [2, 9.9999999999999], [3, 20], [Infinity, 20]]);
    const v3 = histogramQuantile(0.5, noisy);
    assert.equal(v3.forcedMonotonic, false);
    assert.equal(v3.fixedPrecision, true);
    near(v3.value, 1);
    const v242 = histogramQuantile(0.5, noisy, 'v2.42');
    assert.equal(v242.forcedMonotonic, true);
    near(v242.value, 1);
  });
  it('3.x flattens tiny increases too, which moves ranks just above them', () => {
    // 10 → 10.00000000001 is noise to 3.x (relative 5e-13), so that bucket adds nothing and a
    // rank just above 10 falls into +Inf (answer: the second-highest bound). 2.42 interpolates.
    const h = buckets([[1, 10], [2, 10.00000000001], [Infinity, 20]]);
    const q = 0.5000000000001;
    near(histogramQuantile(q, h).value, 2);
    const old = histogramQuantile(q, h, 'v2.42').value;
    assert.ok(old > 1.1 && old < 1.3, `2.42 interpolates inside (1, 2], got ${old}`);
  });
  it('does not modify its input', () => {
    const h = buckets([[Infinity, 3], [1, 2], [0.5, 3]]);
    histogramQuantile(0.5, h);
    assert.deepEqual(h, buckets([[Infinity, 3], [1, 2], [0.5, 3]]));
  });
});

describe('histogramFraction', () => {
  it('interpolates linearly between buckets', () => {
    const h = buckets([[0, 0], [2, 10], [4, 20], [6, 30], [Infinity, 30]]);
    near(histogramFraction(0, 4, h), 0.6666666666666666);
    near(histogramFraction(0, 6, h), 1);
    near(histogramFraction(0, 3.5, h), 0.5833333333333334);
    near(histogramFraction(0, 0.2, positive3), 0.6363636363636364);
    near(histogramFraction(0, 0.2, negative3), 0);
  });
  it('starts a positive first bucket at 0 and never interpolates into infinite buckets', () => {
    near(histogramFraction(0, 1.5, buckets([[1, 1], [2, 3], [3, 6], [Infinity, 100]])), 0.02);
    const neg = buckets([[-3, 10], [-2, 12], [-1, 15], [Infinity, 100]]);
    near(histogramFraction(-4, -2, neg), 0.02);
    near(histogramFraction(-Infinity, -1.5, neg), 0.135);
    near(histogramFraction(-Infinity, Infinity, neg), 1);
    near(histogramFraction(4, 5, buckets([[1, 1], [2, 3], [3, 6], [Infinity, 100]])), 0);
  });
  it('handles empty, inverted and NaN inputs', () => {
    near(histogramFraction(1, 0, positive), 0);
    near(histogramFraction(NaN, 1, positive), NaN);
    near(histogramFraction(0, 1, buckets([[1, 0], [Infinity, 0]])), NaN);
    near(histogramFraction(0, 1, buckets([[1, 0], [2, 1]])), NaN);
  });
});
