import { quantile } from './aggregation-math.js';
import { kahanCompensation } from './kahan-sum.js';
import type { PrometheusVersion } from './prometheus-version.js';
import type { RangeWindow } from './range-window.js';

/**
 * stdvar_over_time() (population variance): Welford's algorithm with the running mean and the
 * squared-deviation sum both compensated, as Prometheus does in 2.42 and 3.x.
 */
export function varianceOverWindow(w: RangeWindow, version: PrometheusVersion): number {
  const { vals, from, to } = w;
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = from; i < to; i++) {
    const v = vals[i]!;
    count++;
    const delta = v - (mean + cMean);
    const inc = delta / count;
    let t = mean + inc;
    cMean = kahanCompensation(mean, inc, t, cMean, version);
    mean = t;
    const sq = delta * (v - (mean + cMean));
    t = aux + sq;
    cAux = kahanCompensation(aux, sq, t, cAux, version);
    aux = t;
  }
  return (aux + cAux) / count;
}

/**
 * Scratch space for kernels that must sort a copy of the window. One per kernel map; kernels run
 * synchronously, so a map is never used by two evaluations at once.
 */
export class SortScratch {
  private buf = new Float64Array(64);

  /** Copies the window's values into the scratch and returns it (valid until the next call). */
  load(w: RangeWindow): Float64Array {
    const n = w.to - w.from;
    if (this.buf.length < n) this.buf = new Float64Array(Math.max(n, this.buf.length * 2));
    const { vals, from } = w;
    const buf = this.buf;
    for (let i = 0; i < n; i++) buf[i] = vals[from + i]!;
    return buf;
  }
}

/** quantile_over_time(): the φ-quantile of the window's values (same rule as quantile()). */
export function quantileOverWindow(w: RangeWindow, q: number, scratch: SortScratch): number {
  return quantile(q, scratch.load(w), w.to - w.from);
}

/**
 * mad_over_time(): median of absolute deviations from the median. A NaN sample makes the
 * result NaN (Prometheus 3.14+; earlier 3.x sorted NaN in like quantile does).
 */
export function madOverWindow(w: RangeWindow, scratch: SortScratch): number {
  const n = w.to - w.from;
  const buf = scratch.load(w);
  for (let i = 0; i < n; i++) if (Number.isNaN(buf[i]!)) return NaN;
  const median = quantile(0.5, buf, n);
  for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i]! - median);
  return quantile(0.5, buf, n);
}
