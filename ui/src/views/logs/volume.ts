/**
 * The volume histogram's data: every line of the range counted by the server with a LogQL
 * metric query (`sum by (level) (count_over_time(...))`), one bar per step, stacked by level.
 * Pure: no DOM.
 */
import { LEVELS, normalizeLevel } from './log-lines';
import type { Level } from './log-lines';

export interface Volume {
  /** Bar starts, epoch seconds (uPlot's x); bar i covers (xs[i], xs[i] + step]. */
  readonly xs: number[];
  readonly stepMs: number;
  /** Counts per bar, for the levels present, most severe first. */
  readonly levels: readonly { readonly level: Level; readonly counts: number[] }[];
  readonly total: number;
}

/** The bars' time grid: query_range steps at `endMs - (bars - 1) * stepMs`, ..., `endMs`. */
export interface VolumeGrid {
  readonly stepMs: number;
  readonly bars: number;
  /** Time of the first step; its bar covers (firstMs - stepMs, firstMs]. */
  readonly firstMs: number;
  readonly endMs: number;
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A readable bar width giving at most `maxBars` bars (usually 100 to 200 for the default). */
export function volumeStepMs(startMs: number, endMs: number, maxBars = 200): number {
  const raw = (endMs - startMs) / 1000 / maxBars;
  const s = NICE_STEPS_S.find((n) => n >= raw) ?? Math.ceil(raw / 86400) * 86400;
  return s * 1000;
}

/** The grid of the range: the last bar ends at `endMs`, the first one reaches back to `startMs` or just before. */
export function volumeGrid(startMs: number, endMs: number, maxBars = 200): VolumeGrid {
  const stepMs = volumeStepMs(startMs, endMs, maxBars);
  const bars = Math.max(1, Math.ceil((endMs - startMs) / stepMs));
  return { stepMs, bars, firstMs: endMs - (bars - 1) * stepMs, endMs };
}

/**
 * The metric query counting a log query's lines per step by level. A newline before the range
 * ends a `#` comment the log query may end with.
 */
export function volumeQuery(logQuery: string, stepMs: number): string {
  return `sum by (level) (count_over_time(${logQuery}\n[${Math.round(stepMs / 1000)}s]))`;
}

/** One series of Loki's `matrix` result: `values` are `[unix seconds, "count"]`. */
export interface MatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

/**
 * Bars from the matrix: each series' `level` label read as a level word (absent or unknown
 * words count as "unknown"), series of the same level added up.
 */
export function toVolume(series: readonly MatrixSeries[], grid: VolumeGrid): Volume {
  const xs = Array.from({ length: grid.bars }, (_, i) => (grid.firstMs - grid.stepMs + i * grid.stepMs) / 1000);
  const byLevel = new Map<Level, number[]>();
  let total = 0;
  for (const s of series) {
    const word = s.metric.level;
    const level = word === undefined ? 'unknown' : (normalizeLevel(word) ?? 'unknown');
    let counts = byLevel.get(level);
    if (counts === undefined) {
      counts = new Array<number>(grid.bars).fill(0);
      byLevel.set(level, counts);
    }
    for (const [seconds, value] of s.values) {
      const i = Math.round((seconds * 1000 - grid.firstMs) / grid.stepMs);
      const n = Number(value);
      if (i < 0 || i >= grid.bars || !Number.isFinite(n)) continue;
      counts[i] = (counts[i] as number) + n;
      total += n;
    }
  }
  const levels = LEVELS.filter((l) => byLevel.has(l)).map((level) => ({ level, counts: byLevel.get(level) as number[] }));
  return { xs, stepMs: grid.stepMs, levels, total };
}

/**
 * Running sums for a stacked bar chart: the k-th array is the sum of levels k..last, so the
 * least severe level sits at the bottom and the first array is the bar total.
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
