import { kahanCompensation } from './kahan-sum.js';
import type { PrometheusVersion } from './prometheus-version.js';

/**
 * The φ-quantile of the first `n` values by Prometheus's rule: rank φ·(n−1), linear
 * interpolation between the neighbouring sorted values. NaN values sort before every number
 * (as Prometheus's sort does). No values or φ = NaN give NaN, φ < 0 gives −Inf, φ > 1 +Inf.
 *
 * Reorders a Float64Array input in place (its first `n` elements end up sorted, NaN last);
 * a plain array is copied. Same arithmetic in 2.42 and 3.x.
 */
export function quantile(q: number, values: Float64Array | number[], n: number = values.length): number {
  if (n === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  let sorted: Float64Array;
  if (values instanceof Float64Array) {
    sorted = values.subarray(0, n);
  } else {
    sorted = new Float64Array(n);
    for (let i = 0; i < n; i++) sorted[i] = values[i]!;
  }
  // Typed-array sort is numeric with NaN last; Prometheus puts NaN first, so read through an offset.
  sorted.sort();
  let nanCount = 0;
  for (let i = n - 1; i >= 0 && Number.isNaN(sorted[i]!); i--) nanCount++;

  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  const lower = lowerIndex < nanCount ? NaN : sorted[lowerIndex - nanCount]!;
  const upper = upperIndex < nanCount ? NaN : sorted[upperIndex - nanCount]!;
  return lower * (1 - weight) + upper * weight;
}

/**
 * sum() aggregation. 3.x compensates (Kahan/Neumaier, `value()` = sum + c); 2.42 added plainly.
 */
export class SumAccumulator {
  private sum = 0;
  private c = 0;

  constructor(private readonly version: PrometheusVersion = 'v3') {}

  add(v: number): void {
    const t = this.sum + v;
    if (this.version === 'v3') this.c = kahanCompensation(this.sum, v, t, this.c, 'v3');
    this.sum = t;
  }

  value(): number {
    return this.sum + this.c;
  }

  reset(): void {
    this.sum = 0;
    this.c = 0;
  }
}

/**
 * avg() aggregation and avg_over_time(), exactly as each version computes the mean.
 *
 * 3.x: a compensated direct sum divided by the count at the end, switching to a compensated
 * incremental mean only once the sum would overflow (prometheus/prometheus#16714).
 * 2.42, avg() (`compensated` false): a plain incremental mean with guards that keep an infinite
 * mean. 2.42, avg_over_time (`compensated` true): the same incremental mean, compensated.
 */
export class AvgAccumulator {
  private count = 0;
  private sum = 0;
  private mean = 0;
  private c = 0;
  private incremental = false;

  constructor(
    private readonly version: PrometheusVersion = 'v3',
    private readonly compensated = true,
  ) {}

  add(v: number): void {
    this.count++;
    if (this.version === 'v3') this.addV3(v);
    else this.addV242(v);
  }

  private addV3(v: number): void {
    const count = this.count;
    if (count === 1) {
      this.sum = v;
      return;
    }
    if (!this.incremental) {
      const t = this.sum + v;
      if (t !== Infinity && t !== -Infinity) {
        this.c = kahanCompensation(this.sum, v, t, this.c, 'v3');
        this.sum = t;
        return;
      }
      this.incremental = true;
      this.mean = this.sum / (count - 1);
      this.c /= count - 1;
    }
    const q = (count - 1) / count;
    const base = q * this.mean;
    const inc = v / count;
    const t = base + inc;
    this.c = kahanCompensation(base, inc, t, q * this.c, 'v3');
    this.mean = t;
  }

  private addV242(v: number): void {
    const count = this.count;
    if (count === 1 && !this.compensated) {
      // avg() took the first sample as the mean (keeps -0); avg_over_time added it to 0.
      this.mean = v;
      return;
    }
    if (this.mean === Infinity || this.mean === -Infinity) {
      // Subtracting an infinite mean would give NaN; an infinite mean stays right unless
      // the opposite infinity or NaN arrives.
      if ((v === Infinity || v === -Infinity) && this.mean > 0 === v > 0) return;
      if (v !== Infinity && v !== -Infinity && !Number.isNaN(v)) return;
    }
    const inc = v / count - this.mean / count;
    if (!this.compensated) {
      this.mean += inc;
      return;
    }
    const t = this.mean + inc;
    this.c = kahanCompensation(this.mean, inc, t, this.c, 'v2.42');
    this.mean = t;
  }

  /** The mean of everything added; NaN when nothing was added. */
  value(): number {
    if (this.count === 0) return NaN;
    if (this.version === 'v3') {
      if (this.incremental) return this.mean + this.c;
      return this.sum / this.count + this.c / this.count;
    }
    if (!this.compensated || this.mean === Infinity || this.mean === -Infinity) return this.mean;
    return this.mean + this.c;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.mean = 0;
    this.c = 0;
    this.incremental = false;
  }
}

/**
 * stddev()/stdvar() aggregation: Welford's running mean and sum of squared deviations, without
 * compensation, as both versions do. They differ in the first sample only: 3.x starts the
 * deviation sum at NaN when that sample is NaN or ±Inf (so stddev of a lone Inf is NaN),
 * 2.42 at 0 (a lone Inf gives 0).
 */
export class VarianceAccumulator {
  private count = 0;
  private mean = 0;
  private m2 = 0;

  constructor(private readonly version: PrometheusVersion = 'v3') {}

  add(v: number): void {
    if (this.count === 0) {
      this.count = 1;
      this.mean = v;
      const bad = Number.isNaN(v) || v === Infinity || v === -Infinity;
      this.m2 = this.version === 'v3' && bad ? NaN : 0;
      return;
    }
    this.count++;
    const delta = v - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (v - this.mean);
  }

  /** Population variance; NaN when nothing was added. */
  variance(): number {
    return this.count === 0 ? NaN : this.m2 / this.count;
  }

  stddev(): number {
    return Math.sqrt(this.variance());
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
  }
}
