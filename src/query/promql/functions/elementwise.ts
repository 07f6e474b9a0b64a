import { dateField } from './date-functions.js';

/**
 * An instant-vector function applied to one float sample. `params` are the scalar arguments
 * evaluated at this step in argument order, excluding the vector (toNearest of round, min/max
 * of clamp). The engine skips native-histogram samples and drops the metric name.
 */
export type ElementwiseKernel = (v: number, params: readonly number[]) => number;

/** Go's math.Max: +Inf beats NaN, otherwise NaN wins. JS Math.max lets NaN win always. */
export function goMax(a: number, b: number): number {
  if (a === Infinity || b === Infinity) return Infinity;
  return Math.max(a, b);
}

/** Go's math.Min: −Inf beats NaN, otherwise NaN wins. */
export function goMin(a: number, b: number): number {
  if (a === -Infinity || b === -Infinity) return -Infinity;
  return Math.min(a, b);
}

/**
 * clamp() returns an empty vector when max < min (checked once per step by the engine, before
 * any sample). A NaN bound is not empty: it makes every value NaN.
 */
export function clampIsEmpty(min: number, max: number): boolean {
  return max < min;
}

function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

/**
 * round(v, toNearest = 1): ties round up. Prometheus multiplies by the inverse and divides by it
 * again (it gave fewer float artefacts than dividing by toNearest), so we do the same.
 */
function round(v: number, params: readonly number[]): number {
  const toNearest = params.length > 0 ? params[0]! : 1;
  const inverse = 1 / toNearest;
  return Math.floor(v * inverse + 0.5) / inverse;
}

/** Go's Log2: exact for powers of two, else ln(frac)·log2(e) + exp from frexp. */
function log2(v: number): number {
  if (!(v > 0) || v === Infinity) return Math.log(v) * Math.LOG2E;
  let exp = Math.floor(Math.log2(v)) + 1;
  let frac = v / 2 ** exp;
  // Math.log2 may be off by one near powers of two; normalise frac into [0.5, 1).
  if (frac >= 1) {
    exp++;
    frac /= 2;
  } else if (frac < 0.5) {
    exp--;
    frac *= 2;
  }
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * Math.LOG2E + exp;
}

const entries: [string, ElementwiseKernel][] = [
  ['abs', (v) => Math.abs(v)],
  ['ceil', (v) => Math.ceil(v)],
  ['floor', (v) => Math.floor(v)],
  ['exp', (v) => Math.exp(v)],
  ['sqrt', (v) => Math.sqrt(v)],
  ['ln', (v) => Math.log(v)],
  ['log2', log2],
  // Go computes Log10 as ln(v)·(1/ln 10), not with a dedicated log10; same formula here.
  ['log10', (v) => Math.log(v) * Math.LOG10E],
  ['sgn', sgn],
  ['round', round],
  ['clamp', (v, p) => goMax(p[0] ?? NaN, goMin(p[1] ?? NaN, v))],
  ['clamp_min', (v, p) => goMax(p[0] ?? NaN, goMin(Infinity, v))],
  ['clamp_max', (v, p) => goMax(-Infinity, goMin(p[0] ?? NaN, v))],
  ['acos', (v) => Math.acos(v)],
  ['acosh', (v) => Math.acosh(v)],
  ['asin', (v) => Math.asin(v)],
  ['asinh', (v) => Math.asinh(v)],
  ['atan', (v) => Math.atan(v)],
  ['atanh', (v) => Math.atanh(v)],
  ['cos', (v) => Math.cos(v)],
  ['cosh', (v) => Math.cosh(v)],
  ['sin', (v) => Math.sin(v)],
  ['sinh', (v) => Math.sinh(v)],
  ['tan', (v) => Math.tan(v)],
  ['tanh', (v) => Math.tanh(v)],
  ['deg', (v) => (v * 180) / Math.PI],
  ['rad', (v) => (v * Math.PI) / 180],
  ['day_of_month', (v) => dateField('day_of_month', v)],
  ['day_of_week', (v) => dateField('day_of_week', v)],
  ['day_of_year', (v) => dateField('day_of_year', v)],
  ['days_in_month', (v) => dateField('days_in_month', v)],
  ['hour', (v) => dateField('hour', v)],
  ['minute', (v) => dateField('minute', v)],
  ['month', (v) => dateField('month', v)],
  ['year', (v) => dateField('year', v)],
];

/**
 * Per-sample instant-vector functions by PromQL name; identical in 2.42 and 3.x. The date
 * functions take the value as Unix seconds; called without an argument, the engine passes the
 * evaluation time in seconds.
 */
export const elementwiseKernels: ReadonlyMap<string, ElementwiseKernel> = new Map(entries);
