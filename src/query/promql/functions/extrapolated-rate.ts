import type { PrometheusVersion } from './prometheus-version.js';
import type { RangeWindow } from './range-window.js';

/**
 * rate(), increase() and delta(): the change across the window, corrected for counter resets
 * when `isCounter`, extrapolated towards the window bounds, and divided by the range in seconds
 * when `isRate`. Fewer than two samples give no output.
 *
 * Extrapolation: a side is extended all the way to its bound when the gap is below 1.1× the
 * average sample interval, else by half an interval (we assume the series starts or ends
 * there). Counters are never extrapolated below zero on the left side. The two versions apply
 * the zero cut-off in a different order (see extrapolationStart).
 */
export function extrapolatedRate(
  w: RangeWindow,
  isCounter: boolean,
  isRate: boolean,
  version: PrometheusVersion,
): number | undefined {
  const { ts, vals, from, to } = w;
  const last = to - 1;
  if (last - from < 1) return undefined;

  const firstValue = vals[from]!;
  let result = vals[last]! - firstValue;
  if (isCounter) {
    // A drop means the counter restarted from zero: add back what it had reached.
    let prev = firstValue;
    for (let i = from + 1; i <= last; i++) {
      const cur = vals[i]!;
      if (cur < prev) result += prev;
      prev = cur;
    }
  }

  const firstT = ts[from]!;
  const lastT = ts[last]!;
  const durationToStart = (firstT - w.rangeStartMs) / 1000;
  let durationToEnd = (w.rangeEndMs - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageInterval = sampledInterval / (last - from);
  const threshold = averageInterval * 1.1;

  const toStart = extrapolationStart(
    durationToStart, threshold, averageInterval, sampledInterval, isCounter, result, firstValue, version,
  );
  if (version === 'v3') {
    if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  } else if (!(durationToEnd < threshold)) {
    durationToEnd = averageInterval / 2;
  }

  let factor: number;
  if (version === 'v3') {
    factor = sampledInterval !== 0 ? (sampledInterval + toStart + durationToEnd) / sampledInterval : 1;
  } else {
    factor = (sampledInterval + toStart + durationToEnd) / sampledInterval;
  }
  if (isRate) factor /= rangeSeconds(w.rangeEndMs - w.rangeStartMs);
  return result * factor;
}

/**
 * How far (seconds) to extrapolate to the left. 3.x first caps the gap at half an interval and
 * then at the counter's zero point; 2.42 first caps at the zero point and then compares that
 * (possibly shortened) gap with the threshold, so a zero point inside 1.1 intervals wins even
 * when it lies beyond half an interval (rate(testcounter_zero_cutoff[20m]) gives 0.65 in
 * 2.42, 0.6 in 3.x).
 */
function extrapolationStart(
  durationToStart: number,
  threshold: number,
  averageInterval: number,
  sampledInterval: number,
  isCounter: boolean,
  result: number,
  firstValue: number,
  version: PrometheusVersion,
): number {
  let d = durationToStart;
  if (version === 'v3') {
    if (d >= threshold) d = averageInterval / 2;
    if (isCounter && result > 0 && firstValue >= 0) {
      const durationToZero = sampledInterval * (firstValue / result);
      if (durationToZero < d) d = durationToZero;
    }
    return d;
  }
  if (isCounter && result > 0 && firstValue >= 0) {
    const durationToZero = sampledInterval * (firstValue / result);
    if (durationToZero < d) d = durationToZero;
  }
  return d < threshold ? d : averageInterval / 2;
}

/**
 * A range in seconds the way Go's Duration.Seconds() computes it (whole seconds plus the
 * nanosecond remainder divided separately), so rate() divides by the bit-identical number.
 */
export function rangeSeconds(rangeMs: number): number {
  const whole = Math.trunc(rangeMs / 1000);
  const remainderNs = (rangeMs - whole * 1000) * 1e6;
  return whole + remainderNs / 1e9;
}
