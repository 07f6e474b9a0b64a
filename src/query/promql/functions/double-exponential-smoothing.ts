import type { RangeWindow } from './range-window.js';

/**
 * double_exponential_smoothing() (3.x) / holt_winters() (2.42): Holt's linear smoothing with
 * smoothing factor `sf` and trend factor `tf`; fewer than two samples give no output. The
 * factors must have passed validateSmoothingFactors first.
 */
export function doubleExponentialSmoothing(w: RangeWindow, sf: number, tf: number): number | undefined {
  const { vals, from, to } = w;
  if (to - from < 2) return undefined;
  let s0 = 0;
  let s1 = vals[from]!;
  let b = vals[from + 1]! - s1;
  for (let i = from + 1; i < to; i++) {
    const x = sf * vals[i]!;
    // The first trend is the initial difference itself; later ones blend in the last step.
    if (i > from + 1) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

/**
 * The error Prometheus raises (as a failed query) when a factor is outside (0, 1), or
 * undefined when both are valid. NaN passes, as it does in Prometheus (both comparisons are
 * false). Prometheus only checks while evaluating a series, so a step whose range vector is
 * empty does not fail; the engine should validate when it is about to call the kernel.
 */
export function validateSmoothingFactors(sf: number, tf: number): string | undefined {
  if (sf <= 0 || sf >= 1) return `invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatGoFixed(sf)}`;
  if (tf <= 0 || tf >= 1) return `invalid trend factor. Expected: 0 < tf < 1, got: ${formatGoFixed(tf)}`;
  return undefined;
}

/** Go's `%f` (six decimals, ties to even on the exact binary value, `+Inf`, `-0.000000`). */
export function formatGoFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const abs = Math.abs(v);
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (abs >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers, BigInt prints them whole.
    return `${sign}${BigInt(abs).toString()}.000000`;
  }
  // toFixed breaks exact ties away from zero; Go rounds them to even. A tie at the sixth
  // decimal needs abs to be an odd multiple of 2^-7 (1e6 / 128 = 7812.5); below 2^40 the
  // scaled value is still an exact integer.
  const times128 = abs * 128;
  if (abs < 2 ** 40 && Number.isInteger(times128) && times128 % 2 === 1) {
    const scaled = abs * 1e6;
    const lower = Math.floor(scaled);
    const even = lower % 2 === 0 ? lower : lower + 1;
    return sign + formatMicros(even);
  }
  return sign + abs.toFixed(6);
}

function formatMicros(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros - whole * 1e6).padStart(6, '0');
  return `${whole}.${frac}`;
}
