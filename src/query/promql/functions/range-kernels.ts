import { changesOverWindow, resetsOverWindow } from './counter-changes.js';
import { doubleExponentialSmoothing } from './double-exponential-smoothing.js';
import { extrapolatedRate } from './extrapolated-rate.js';
import { instantRate } from './instant-rate.js';
import { linearRegression } from './linear-regression.js';
import { avgOverWindow, extremeOverWindow, sumOverWindow } from './over-time-aggregations.js';
import { madOverWindow, quantileOverWindow, SortScratch, varianceOverWindow } from './over-time-statistics.js';
import type { PrometheusVersion } from './prometheus-version.js';
import type { RangeKernel, RangeWindow } from './range-window.js';

/**
 * The range-vector functions by PromQL name, with the arithmetic of `version`. Both maps carry
 * every name (including holt_winters, renamed double_exponential_smoothing in 3.0, and the
 * 3.x-only *_over_time additions); which names a query may call is the parser's business.
 *
 * Not here: absent_over_time (the engine decides from series presence) and native histograms.
 * double_exponential_smoothing/holt_winters expect their factors checked with
 * validateSmoothingFactors first.
 */
export function createRangeKernels(version: PrometheusVersion): ReadonlyMap<string, RangeKernel> {
  const scratch = new SortScratch();
  const fit = { slope: 0, intercept: 0 };
  const smoothing: RangeKernel = (w, p) => doubleExponentialSmoothing(w, p[0] ?? NaN, p[1] ?? NaN);
  const entries: [string, RangeKernel][] = [
    ['rate', (w) => extrapolatedRate(w, true, true, version)],
    ['increase', (w) => extrapolatedRate(w, true, false, version)],
    ['delta', (w) => extrapolatedRate(w, false, false, version)],
    ['irate', (w) => instantRate(w, true)],
    ['idelta', (w) => instantRate(w, false)],
    ['changes', changesOverWindow],
    ['resets', resetsOverWindow],
    [
      'deriv',
      (w) => {
        if (w.to - w.from < 2) return undefined;
        // Anchoring x at the first sample keeps the sums small (prometheus/prometheus#2674).
        linearRegression(w, w.ts[w.from]!, version, fit);
        return fit.slope;
      },
    ],
    [
      'predict_linear',
      (w, p) => {
        if (w.to - w.from < 2) return undefined;
        linearRegression(w, evalTime(w), version, fit);
        return fit.slope * (p[0] ?? NaN) + fit.intercept;
      },
    ],
    ['holt_winters', smoothing],
    ['double_exponential_smoothing', smoothing],
    ['avg_over_time', (w) => avgOverWindow(w, version)],
    ['sum_over_time', (w) => sumOverWindow(w, version)],
    ['min_over_time', (w) => extremeOverWindow(w, false, false)],
    ['max_over_time', (w) => extremeOverWindow(w, true, false)],
    ['ts_of_min_over_time', (w) => extremeOverWindow(w, false, true)],
    ['ts_of_max_over_time', (w) => extremeOverWindow(w, true, true)],
    ['count_over_time', (w) => w.to - w.from],
    ['present_over_time', () => 1],
    ['last_over_time', (w) => w.vals[w.to - 1]!],
    ['first_over_time', (w) => w.vals[w.from]!],
    ['ts_of_last_over_time', (w) => w.ts[w.to - 1]! / 1000],
    ['ts_of_first_over_time', (w) => w.ts[w.from]! / 1000],
    ['quantile_over_time', (w, p) => quantileOverWindow(w, p[0] ?? NaN, scratch)],
    ['stdvar_over_time', (w) => varianceOverWindow(w, version)],
    ['stddev_over_time', (w) => Math.sqrt(varianceOverWindow(w, version))],
    ['mad_over_time', (w) => madOverWindow(w, scratch)],
  ];
  return new Map(entries);
}

function evalTime(w: RangeWindow): number {
  return w.evalTimeMs ?? w.rangeEndMs;
}

/**
 * The 3.x kernels (current Prometheus). Each map owns one sort buffer and one regression result
 * that its kernels reuse; that is safe because kernels run synchronously and each worker thread
 * has its own module instance. Use createRangeKernels for a private set.
 */
export const rangeKernels: ReadonlyMap<string, RangeKernel> = createRangeKernels('v3');

/** The 2.42 kernels. */
export const rangeKernelsV2_42: ReadonlyMap<string, RangeKernel> = createRangeKernels('v2.42');
