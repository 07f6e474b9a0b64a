import type { RangeWindow } from './range-window.js';

/**
 * irate() (`isRate`) and idelta(): from the last two samples only. irate treats a drop as a
 * counter reset and takes the last value as the increase; both give no output for fewer than
 * two samples or two samples at the same time.
 */
export function instantRate(w: RangeWindow, isRate: boolean): number | undefined {
  const last = w.to - 1;
  if (last - w.from < 1) return undefined;
  const cur = w.vals[last]!;
  const prev = w.vals[last - 1]!;
  const intervalMs = w.ts[last]! - w.ts[last - 1]!;
  if (intervalMs === 0) return undefined;
  if (!isRate) return cur - prev;
  const increase = cur < prev ? cur : cur - prev;
  return increase / (intervalMs / 1000);
}
