import type { RangeWindow } from './range-window.js';

/** changes(): how often the value differs from its predecessor; NaN followed by NaN is no change. */
export function changesOverWindow(w: RangeWindow): number {
  const { vals, from, to } = w;
  let changes = 0;
  let prev = vals[from]!;
  for (let i = from + 1; i < to; i++) {
    const cur = vals[i]!;
    if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
    prev = cur;
  }
  return changes;
}

/** resets(): how often the value drops below its predecessor (comparisons with NaN never count). */
export function resetsOverWindow(w: RangeWindow): number {
  const { vals, from, to } = w;
  let resets = 0;
  let prev = vals[from]!;
  for (let i = from + 1; i < to; i++) {
    const cur = vals[i]!;
    if (cur < prev) resets++;
    prev = cur;
  }
  return resets;
}
