import type { PrometheusVersion } from './prometheus-version.js';

/**
 * One step of Neumaier-compensated summation, the variant Prometheus calls `kahanSumInc`.
 * The caller computes `newSum = sum + inc` itself and gets back the new compensation term, so
 * hot loops keep both numbers in locals and allocate nothing.
 *
 * Since 3.0 the compensation is zeroed once the running sum overflows to ±Inf, so that
 * `sum + c` stays ±Inf instead of turning into NaN; 2.42 kept accumulating (and its callers
 * checked for Inf themselves).
 */
export function kahanCompensation(
  sum: number,
  inc: number,
  newSum: number,
  c: number,
  version: PrometheusVersion,
): number {
  if (version === 'v3' && (newSum === Infinity || newSum === -Infinity)) return 0;
  if (Math.abs(sum) >= Math.abs(inc)) return c + (sum - newSum + inc);
  return c + (inc - newSum + sum);
}

/**
 * A compensated running sum (Prometheus `kahanSumInc`). `value()` returns ±Inf as is, like
 * sum_over_time does, and `sum + c` otherwise. Not for 2.42's sum() aggregation, which added
 * plainly: see SumAccumulator.
 */
export class KahanSum {
  private sum = 0;
  private c = 0;

  constructor(private readonly version: PrometheusVersion = 'v3') {}

  add(v: number): void {
    const t = this.sum + v;
    this.c = kahanCompensation(this.sum, v, t, this.c, this.version);
    this.sum = t;
  }

  value(): number {
    if (this.sum === Infinity || this.sum === -Infinity) return this.sum;
    return this.sum + this.c;
  }

  reset(): void {
    this.sum = 0;
    this.c = 0;
  }
}
