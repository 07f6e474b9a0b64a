import type { RangeWindow } from './range-window.js';
import { formatFloatFixed6 } from '../parser/go-format.js';

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
  if (sf <= 0 || sf >= 1) return `invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatFloatFixed6(sf)}`;
  if (tf <= 0 || tf >= 1) return `invalid trend factor. Expected: 0 < tf < 1, got: ${formatFloatFixed6(tf)}`;
  return undefined;
}
