import { kahanCompensation } from './kahan-sum.js';
import type { PrometheusVersion } from './prometheus-version.js';
import type { RangeWindow } from './range-window.js';

/** sum_over_time(): compensated sum; an overflowed (±Inf) sum is returned without its compensation. */
export function sumOverWindow(w: RangeWindow, version: PrometheusVersion): number {
  const { vals, from, to } = w;
  let sum = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const v = vals[i]!;
    const t = sum + v;
    c = kahanCompensation(sum, v, t, c, version);
    sum = t;
  }
  if (sum === Infinity || sum === -Infinity) return sum;
  return sum + c;
}

/**
 * avg_over_time(). The arithmetic is AvgAccumulator's (3.x: direct sum with overflow fallback;
 * 2.42: compensated incremental mean), inlined here to stay allocation-free per step.
 */
export function avgOverWindow(w: RangeWindow, version: PrometheusVersion): number {
  const { vals, from, to } = w;
  if (version === 'v2.42') return avgOverWindowV242(vals, from, to);
  let sum = vals[from]!;
  let c = 0;
  let mean = 0;
  let incremental = false;
  let count = 1;
  for (let i = from + 1; i < to; i++) {
    const v = vals[i]!;
    count = i - from + 1;
    if (!incremental) {
      const t = sum + v;
      if (t !== Infinity && t !== -Infinity) {
        c = kahanCompensation(sum, v, t, c, 'v3');
        sum = t;
        continue;
      }
      // The direct sum would overflow: carry on with an incremental mean.
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    const base = q * mean;
    const inc = v / count;
    const t = base + inc;
    c = kahanCompensation(base, inc, t, q * c, 'v3');
    mean = t;
  }
  if (incremental) return mean + c;
  return sum / count + c / count;
}

function avgOverWindowV242(vals: Float64Array, from: number, to: number): number {
  let mean = 0;
  let c = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = vals[i]!;
    count++;
    if (mean === Infinity || mean === -Infinity) {
      // An infinite mean cannot be subtracted; it stays unless NaN or the other infinity arrives.
      if ((v === Infinity || v === -Infinity) && mean > 0 === v > 0) continue;
      if (v !== Infinity && v !== -Infinity && !Number.isNaN(v)) continue;
    }
    const inc = v / count - mean / count;
    const t = mean + inc;
    c = kahanCompensation(mean, inc, t, c, 'v2.42');
    mean = t;
  }
  if (mean === Infinity || mean === -Infinity) return mean;
  return mean + c;
}

/**
 * min_over_time()/max_over_time() (`wantMax`), or the timestamp in seconds of the chosen sample
 * for ts_of_min/ts_of_max_over_time (`returnTimestamp`). NaN loses against any number; the
 * timestamp variants prefer the latest of equal extremes.
 */
export function extremeOverWindow(w: RangeWindow, wantMax: boolean, returnTimestamp: boolean): number {
  const { ts, vals, from, to } = w;
  let best = vals[from]!;
  let bestT = ts[from]!;
  for (let i = from; i < to; i++) {
    const v = vals[i]!;
    let take: boolean;
    if (returnTimestamp) take = (wantMax ? v >= best : v <= best) || Number.isNaN(best);
    else take = (wantMax ? v > best : v < best) || Number.isNaN(best);
    if (take) {
      best = v;
      bestT = ts[i]!;
    }
  }
  return returnTimestamp ? bestT / 1000 : best;
}
