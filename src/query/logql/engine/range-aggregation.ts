import type { Labels } from '../../../model/index.js';
import { GrowableFloat64, GrowableInt32, labelsKey } from '../../../model/index.js';
import type { LogCountGrouping } from '../../../store/contract.js';
import type { RangeAggregation } from '../parser/index.js';
import type { BucketPlan, EvalContext } from './eval-context.js';
import { ABORT_CHECK_INTERVAL, planBuckets } from './eval-context.js';
import type { StepVectors } from './step-vectors.js';
import { StepVectorsBuilder } from './step-vectors.js';

/** Per-bucket sums read from the store, one row per (series, bucket) read, unsorted. */
class BucketRows {
  readonly labels: Labels[] = [];
  private readonly index = new Map<string, number>();
  readonly series = new GrowableInt32(1024);
  readonly bucket = new GrowableFloat64(1024);
  readonly lines = new GrowableFloat64(1024);
  readonly bytes = new GrowableFloat64(1024);

  seriesOf(labels: Labels): number {
    const key = labelsKey(labels);
    let s = this.index.get(key);
    if (s === undefined) {
      s = this.labels.length;
      this.labels.push(labels);
      this.index.set(key, s);
    }
    return s;
  }
}

/**
 * Evaluates `count_over_time`, `rate`, `bytes_over_time`, `bytes_rate` and `absent_over_time`
 * from the store's per-bucket counts (see planBuckets): each step's value is the sum over its
 * window's buckets, so no log line crosses into JavaScript. A series has a point at a step only
 * when its window holds a record, as in Loki. `grouping`, when given, is pushed to the store:
 * the caller is a `sum` that groups the same way.
 */
export async function evalRangeAggregation(node: RangeAggregation, ctx: EvalContext, grouping: LogCountGrouping | undefined): Promise<StepVectors> {
  const plan = planBuckets(ctx.grid, node.rangeNanos, node.offsetNanos);
  const absent = node.op === 'absent_over_time';
  const rows = await readBuckets(node, ctx, plan, absent ? { without: false, labels: [] } : grouping);
  const out = new StepVectorsBuilder(ctx.grid.steps, ctx.budget);
  const rangeSeconds = Number(node.rangeNanos) / 1e9;
  const valueOf = VALUE_OF[node.op];
  if (absent) {
    const labels = absentLabels(node);
    const present = new Uint8Array(ctx.grid.steps);
    sweep(rows, plan, ctx, (_series, step) => (present[step] = 1));
    const s = out.intern(labels);
    for (let i = 0; i < ctx.grid.steps; i++) if (present[i] === 0) out.add(i, s, 1);
    return out.build();
  }
  const seriesIndex = rows.labels.map((l) => out.intern(l));
  sweep(rows, plan, ctx, (series, step, lines, bytes) => out.add(step, seriesIndex[series] as number, valueOf(lines, bytes, rangeSeconds)));
  return out.build();
}

const VALUE_OF: Record<RangeAggregation['op'], (lines: number, bytes: number, rangeSeconds: number) => number> = {
  count_over_time: (lines) => lines,
  rate: (lines, _bytes, seconds) => lines / seconds,
  bytes_over_time: (_lines, bytes) => bytes,
  bytes_rate: (_lines, bytes, seconds) => bytes / seconds,
  absent_over_time: () => 1,
};

async function readBuckets(node: RangeAggregation, ctx: EvalContext, plan: BucketPlan, grouping: LogCountGrouping | undefined): Promise<BucketRows> {
  const rows = new BucketRows();
  const q = {
    tenant: ctx.tenant,
    matchers: node.selector.matchers,
    lineFilters: node.selector.lineFilters,
    labelFilters: node.selector.labelFilters,
    startUnixNano: plan.startUnixNano,
    bucketNanos: plan.bucketNanos,
    bucketCount: plan.bucketCount,
    ...(grouping === undefined ? {} : { grouping }),
  };
  for await (const batch of ctx.reader.countLogs(q, ctx.signal)) {
    const local = batch.labels.map((l) => rows.seriesOf(l));
    for (let i = 0; i < batch.length; i++) {
      rows.series.push(local[batch.series[i] as number] as number);
      rows.bucket.push(batch.bucket[i] as number);
      rows.lines.push(batch.lines[i] as number);
      rows.bytes.push(batch.bytes[i] as number);
      ctx.stats.linesProcessed += batch.lines[i] as number;
      ctx.stats.bytesProcessed += batch.bytes[i] as number;
    }
    ctx.signal.throwIfAborted();
  }
  return rows;
}

/**
 * Calls `emit` for every (series, step) whose window holds records, with the window's sums.
 * Rows are ordered by (series, bucket) first; then each series is swept once with a sliding
 * window, jumping over steps whose windows are empty, so the work grows with the rows and the
 * points, not with series × steps.
 */
function sweep(rows: BucketRows, plan: BucketPlan, ctx: EvalContext, emit: (series: number, step: number, lines: number, bytes: number) => void): void {
  const series = rows.series.view();
  const bucket = rows.bucket.view();
  const lines = rows.lines.view();
  const bytes = rows.bytes.view();
  const order = new Int32Array(series.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (series[a] as number) - (series[b] as number) || (bucket[a] as number) - (bucket[b] as number));
  const steps = ctx.grid.steps;
  const { stepBuckets: S, rangeBuckets: R } = plan;
  /** The first step whose window reaches bucket b (windows end before bucket i*S + R). */
  const firstStepReaching = (b: number): number => (S === 0 ? 0 : Math.max(0, Math.floor((b - R) / S) + 1));
  let work = 0;
  for (let from = 0; from < order.length; ) {
    const s = series[order[from] as number] as number;
    let to = from;
    while (to < order.length && series[order[to] as number] === s) to++;
    let lo = from;
    let hi = from;
    let sumLines = 0;
    let sumBytes = 0;
    let step = firstStepReaching(bucket[order[from] as number] as number);
    while (step < steps) {
      if (++work % ABORT_CHECK_INTERVAL === 0) ctx.signal.throwIfAborted();
      const windowStart = step * S;
      const windowEnd = windowStart + R;
      for (; hi < to && (bucket[order[hi] as number] as number) < windowEnd; hi++) {
        sumLines += lines[order[hi] as number] as number;
        sumBytes += bytes[order[hi] as number] as number;
      }
      for (; lo < hi && (bucket[order[lo] as number] as number) < windowStart; lo++) {
        sumLines -= lines[order[lo] as number] as number;
        sumBytes -= bytes[order[lo] as number] as number;
      }
      if (sumLines > 0) emit(s, step, sumLines, sumBytes);
      if (lo < hi) step++;
      else if (hi === to) break;
      else step = Math.max(step + 1, firstStepReaching(bucket[order[hi] as number] as number));
    }
    from = to;
  }
}

/**
 * The labels of absent_over_time's answer, as Loki derives them: the selector's `=` matchers,
 * except names that another matcher also constrains.
 */
export function absentLabels(node: RangeAggregation): Labels {
  const equal = new Map<string, string>();
  const dropped = new Set<string>();
  for (const m of node.selector.matchers) {
    if (m.type === '=' && !equal.has(m.name)) equal.set(m.name, m.value);
    else dropped.add(m.name);
  }
  return [...equal]
    .filter(([name]) => !dropped.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));
}
