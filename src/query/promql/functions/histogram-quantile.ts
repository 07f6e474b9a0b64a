import type { PrometheusVersion } from './prometheus-version.js';

/**
 * One classic histogram at one step: parallel arrays of `le` upper bounds and cumulative
 * counts, in the order collected (unsorted, possibly with repeated bounds such as "0.2" and
 * "2e-1"). The functions below never modify it.
 */
export interface BucketSet {
  upperBounds: number[];
  counts: number[];
}

export interface BucketQuantileResult {
  value: number;
  /**
   * Counts had to be raised to make them non-decreasing. 3.x then emits the info annotation
   * "input to histogram_quantile needed to be fixed for monotonicity"; 2.42 fixed silently.
   */
  forcedMonotonic: boolean;
  /** 3.x only: differences below a relative 1e-12 between neighbours were flattened silently. */
  fixedPrecision: boolean;
  /** Lowest and highest upper bound whose count was raised (±Inf when none), for the annotation. */
  minBucket: number;
  maxBucket: number;
  /** Largest amount a count was raised by (0 when none). */
  maxDiff: number;
}

/** Relative difference between neighbouring buckets that 3.x treats as float noise. */
const SMALL_DELTA_TOLERANCE = 1e-12;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * histogram_quantile() for a classic histogram (Prometheus `BucketQuantile`): sort by bound,
 * merge equal bounds, force monotonic counts, find the bucket holding rank φ·count and
 * interpolate linearly inside it. The lowest bucket starts at 0 when its bound is positive
 * (else its bound is the answer), and a rank in the +Inf bucket answers the second-highest
 * bound. NaN for φ = NaN, no +Inf bucket, fewer than two buckets or no observations; −Inf/+Inf
 * for φ < 0 / φ > 1 (checked before anything else).
 *
 * 2.42 differs only in the monotonicity fix: it raises each count to the running maximum,
 * while 3.x first flattens relative differences below 1e-12 in either direction.
 */
export function histogramQuantile(
  q: number,
  buckets: BucketSet,
  version: PrometheusVersion = 'v3',
): BucketQuantileResult {
  const result: BucketQuantileResult = {
    value: NaN,
    forcedMonotonic: false,
    fixedPrecision: false,
    minBucket: Infinity,
    maxBucket: -Infinity,
    maxDiff: 0,
  };
  if (Number.isNaN(q)) return result;
  if (q < 0) {
    result.value = -Infinity;
    return result;
  }
  if (q > 1) {
    result.value = Infinity;
    return result;
  }
  const sorted = sortAndCoalesce(buckets);
  if (sorted === undefined) return result;
  const { bounds, counts } = sorted;
  if (version === 'v3') ensureMonotonicV3(bounds, counts, result);
  else ensureMonotonicV242(counts, result);

  const n = bounds.length;
  if (n < 2) return result;
  const observations = counts[n - 1]!;
  if (observations === 0) return result;
  let rank = q * observations;
  const b = searchFirst(n - 1, (i) => counts[i]! >= rank);

  if (b === n - 1) {
    result.value = bounds[n - 2]!;
  } else if (b === 0 && bounds[0]! <= 0) {
    result.value = bounds[0]!;
  } else {
    let bucketStart = 0;
    const bucketEnd = bounds[b]!;
    let count = counts[b]!;
    if (b > 0) {
      bucketStart = bounds[b - 1]!;
      count -= counts[b - 1]!;
      rank -= counts[b - 1]!;
    }
    result.value = bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }
  return result;
}

/**
 * histogram_fraction(lower, upper, …) for a classic histogram (Prometheus `BucketFraction`,
 * 3.4+; 2.42 had it for native histograms only): the estimated share of observations between
 * the two values, interpolating linearly inside buckets. The lowest bucket starts at 0 when its
 * bound is positive, else at −Inf; infinite-width buckets are never interpolated into
 * (3.8+; 3.4–3.7 always started the lowest bucket at −Inf). Counts are not made monotonic.
 */
export function histogramFraction(lower: number, upper: number, buckets: BucketSet): number {
  const sorted = sortAndCoalesce(buckets);
  if (sorted === undefined) return NaN;
  const { bounds, counts } = sorted;
  const count = counts[counts.length - 1]!;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;

  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = bounds[0]! <= 0 ? -Infinity : 0;
  for (let i = 0; i < bounds.length; i++) {
    if (i > 0) lowerBound = bounds[i - 1]!;
    const upperBound = bounds[i]!;
    const bucketCount = counts[i]!;
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(rank, bucketCount, lowerBound, upperBound, lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(rank, bucketCount, lowerBound, upperBound, upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = bucketCount;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

/**
 * Cumulative count at `v` inside a bucket. A bucket reaching down to −Inf contributes all of
 * itself (nothing can be interpolated in it); one reaching +Inf contributes nothing, which the
 * formula already gives (finite / Inf = 0).
 */
function interpolate(rank: number, bucketCount: number, lowerBound: number, upperBound: number, v: number): number {
  if (lowerBound === -Infinity) return bucketCount;
  return rank + ((bucketCount - rank) * (v - lowerBound)) / (upperBound - lowerBound);
}

/** Sorted copies with equal bounds merged; undefined when the highest bound is not +Inf. */
function sortAndCoalesce(buckets: BucketSet): { bounds: number[]; counts: number[] } | undefined {
  const n = Math.min(buckets.upperBounds.length, buckets.counts.length);
  if (n === 0) return undefined;
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  const ub = buckets.upperBounds;
  order.sort((a, b) => {
    const x = ub[a]!;
    const y = ub[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (ub[order[n - 1]!]! !== Infinity) return undefined;
  const bounds: number[] = [];
  const counts: number[] = [];
  for (const idx of order) {
    const bound = ub[idx]!;
    const count = buckets.counts[idx]!;
    const last = bounds.length - 1;
    if (last >= 0 && bounds[last] === bound) counts[last] = counts[last]! + count;
    else {
      bounds.push(bound);
      counts.push(count);
    }
  }
  return { bounds, counts };
}

function ensureMonotonicV242(counts: number[], result: BucketQuantileResult): void {
  let max = counts[0]!;
  for (let i = 1; i < counts.length; i++) {
    const cur = counts[i]!;
    if (cur > max) max = cur;
    else if (cur < max) {
      counts[i] = max;
      result.forcedMonotonic = true;
    }
  }
}

function ensureMonotonicV3(bounds: number[], counts: number[], result: BucketQuantileResult): void {
  let prev = counts[0]!;
  for (let i = 1; i < counts.length; i++) {
    const cur = counts[i]!;
    if (cur === prev) continue;
    if (almostEqual(prev, cur, SMALL_DELTA_TOLERANCE)) {
      // Float noise (e.g. from sharded sums): flatten it without moving `prev`.
      counts[i] = prev;
      result.fixedPrecision = true;
      continue;
    }
    if (cur < prev) {
      counts[i] = prev;
      result.forcedMonotonic = true;
      const bound = bounds[i]!;
      if (bound < result.minBucket) result.minBucket = bound;
      if (bound > result.maxBucket) result.maxBucket = bound;
      if (prev - cur > result.maxDiff) result.maxDiff = prev - cur;
      continue;
    }
    prev = cur;
  }
}

/** Prometheus `almost.Equal` (without its staleness-marker case, which counts never are). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** Go's sort.Search: the smallest i in [0, n) with pred(i) true (n if none), by bisection. */
function searchFirst(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
