/**
 * The volume histogram's data: the loaded lines counted per time bucket and level. The server
 * answers log queries only (no `count_over_time` yet), so this counts what was loaded, which is
 * all the lines in range only when fewer than the limit came back. Pure: no DOM.
 */
import { LEVELS } from './log-lines';
import type { Level, LogRow } from './log-lines';

export interface Volume {
  /** Bucket starts, epoch seconds (uPlot's x). */
  readonly xs: number[];
  readonly stepMs: number;
  /** Counts per bucket, for the levels present, most severe first. */
  readonly levels: readonly { readonly level: Level; readonly counts: number[] }[];
  readonly total: number;
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A readable bucket width giving at most about `buckets` buckets over the range. */
export function bucketStepMs(startMs: number, endMs: number, buckets = 120): number {
  const raw = (endMs - startMs) / 1000 / buckets;
  const s = NICE_STEPS_S.find((n) => n >= raw) ?? Math.ceil(raw / 86400) * 86400;
  return s * 1000;
}

export function bucketRows(rows: readonly Pick<LogRow, 'ms' | 'level'>[], startMs: number, endMs: number, buckets = 120): Volume {
  const stepMs = bucketStepMs(startMs, endMs, buckets);
  const first = Math.floor(startMs / stepMs) * stepMs;
  const n = Math.max(1, Math.ceil((endMs - first) / stepMs));
  const xs = Array.from({ length: n }, (_, i) => (first + i * stepMs) / 1000);
  const byLevel = new Map<Level, number[]>();
  let total = 0;
  for (const r of rows) {
    const i = Math.floor((r.ms - first) / stepMs);
    if (i < 0 || i >= n) continue;
    let counts = byLevel.get(r.level);
    if (counts === undefined) {
      counts = new Array<number>(n).fill(0);
      byLevel.set(r.level, counts);
    }
    counts[i] = (counts[i] as number) + 1;
    total++;
  }
  const levels = LEVELS.filter((l) => byLevel.has(l)).map((level) => ({ level, counts: byLevel.get(level) as number[] }));
  return { xs, stepMs, levels, total };
}

/**
 * Running sums for a stacked bar chart: the k-th array is the sum of levels k..last, so the
 * least severe level sits at the bottom and the first array is the bucket total.
 */
export function stackCounts(levels: readonly { readonly counts: readonly number[] }[]): number[][] {
  const out: number[][] = [];
  let below: number[] | null = null;
  for (let k = levels.length - 1; k >= 0; k--) {
    const counts = (levels[k] as { counts: readonly number[] }).counts;
    const sums: number[] = counts.map((c, i) => c + (below === null ? 0 : (below[i] as number)));
    out.unshift(sums);
    below = sums;
  }
  return out;
}
