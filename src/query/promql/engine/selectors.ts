import type { LabelMatcher, Labels } from '../../../model/index.js';
import { compareLabels, isStaleNaN } from '../../../model/index.js';
import type { MetricsReader } from '../../../store/contract.js';
import type { EvalContext, TimeGrid } from './eval-context.js';
import { gridTime } from './eval-context.js';
import type { RangeSeries, StepSeries } from './step-values.js';
import { countPresent, newStepSeries } from './step-values.js';

/** One stored series as read: ascending samples, staleness markers included. */
export interface RawSeries {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vals: Float64Array;
}

/** Series matching `matchers` with their samples in [minMs, maxMs], sorted by label set. */
export async function fetchSeries(
  reader: MetricsReader,
  ctx: EvalContext,
  matchers: readonly LabelMatcher[],
  minMs: number,
  maxMs: number,
): Promise<RawSeries[]> {
  const out: RawSeries[] = [];
  const selection = { tenant: ctx.tenant, matchers, startMs: minMs, endMs: maxMs };
  for await (const batch of reader.selectSamples(selection, undefined, ctx.signal)) {
    for (let s = 0; s < batch.series.length; s++) {
      const from = batch.offsets[s] as number;
      const to = batch.offsets[s + 1] as number;
      out.push({
        labels: batch.series[s] as Labels,
        ts: batch.timestampsMs.subarray(from, to),
        vals: batch.values.subarray(from, to),
      });
    }
  }
  out.sort((a, b) => compareLabels(a.labels, b.labels));
  return out;
}

/**
 * An instant vector selector on a step grid: at each step the newest sample at or before the
 * reference time, if it is within the lookback window and not a staleness marker. Prometheus 3
 * excludes a sample exactly `lookback` old; 2.x includes it. With `sampleTimestamps` the value
 * is the sample's timestamp in seconds (`timestamp()`).
 */
export async function instantSelect(
  ctx: EvalContext,
  raw: readonly RawSeries[],
  grid: TimeGrid,
  offsetMs: number,
  atMs: number | undefined,
  sampleTimestamps = false,
): Promise<StepSeries[]> {
  const lookback = ctx.settings.lookbackDeltaMs;
  const openLeft = ctx.v3;
  const out: StepSeries[] = [];
  for (const s of raw) {
    ctx.checkAbort();
    if (ctx.shouldYield()) await ctx.yieldNow();
    let series: StepSeries | undefined;
    let idx = -1; // last sample index with ts <= ref
    const n = s.ts.length;
    // With `@` every step sees the same reference time: look it up once, then copy.
    const lookups = atMs === undefined ? grid.steps : Math.min(1, grid.steps);
    for (let i = 0; i < lookups; i++) {
      const ref = (atMs ?? gridTime(grid, i)) - offsetMs;
      while (idx + 1 < n && (s.ts[idx + 1] as number) <= ref) idx++;
      if (idx < 0) continue;
      const t = s.ts[idx] as number;
      if (openLeft ? t <= ref - lookback : t < ref - lookback) continue;
      const v = s.vals[idx] as number;
      if (isStaleNaN(v)) continue;
      series ??= newStepSeries(s.labels, grid.steps, false);
      series.values[i] = sampleTimestamps ? t / 1000 : v;
      series.present[i] = 1;
    }
    if (series !== undefined && atMs !== undefined) {
      series.values.fill(series.values[0] as number);
      series.present.fill(1);
    }
    if (series !== undefined) {
      ctx.addSamples(lookups === 1 ? grid.steps : countPresent(series));
      out.push(series);
    }
  }
  return out;
}

/** The samples of each series minus staleness markers (range windows never contain them). */
export function withoutStaleMarkers(raw: readonly RawSeries[]): RangeSeries[] {
  const out: RangeSeries[] = [];
  for (const s of raw) {
    let stale = 0;
    for (let i = 0; i < s.vals.length; i++) if (isStaleNaN(s.vals[i] as number)) stale++;
    if (stale === 0) {
      if (s.ts.length > 0) out.push({ labels: s.labels, ts: s.ts, vals: s.vals, dropName: false });
      continue;
    }
    const ts = new Float64Array(s.ts.length - stale);
    const vals = new Float64Array(s.ts.length - stale);
    let j = 0;
    for (let i = 0; i < s.vals.length; i++) {
      const v = s.vals[i] as number;
      if (isStaleNaN(v)) continue;
      ts[j] = s.ts[i] as number;
      vals[j++] = v;
    }
    if (j > 0) out.push({ labels: s.labels, ts, vals, dropName: false });
  }
  return out;
}

/**
 * Moves `[from, to)` to the window of samples for evaluation time `ref`: (ref - range, ref] in
 * Prometheus 3, [ref - range, ref] in 2.x. `ref` must not decrease between calls unless the
 * cursor is reset.
 */
export class WindowCursor {
  from = 0;
  to = 0;

  reset(): void {
    this.from = 0;
    this.to = 0;
  }

  seek(ts: Float64Array, ref: number, rangeMs: number, openLeft: boolean): void {
    const n = ts.length;
    const lo = ref - rangeMs;
    if (this.to < this.from) this.to = this.from;
    while (this.to < n && (ts[this.to] as number) <= ref) this.to++;
    while (this.from < this.to && (openLeft ? (ts[this.from] as number) <= lo : (ts[this.from] as number) < lo)) this.from++;
  }
}
