import type { Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, labelsKey } from '../../../model/index.js';
import type { CallExpr, Expr, PosRange } from '../parser/index.js';
import { histogramFraction, histogramQuantile } from '../functions/index.js';
import type { EvalContext, TimeGrid } from './eval-context.js';
import type { Evaluator } from './evaluator.js';
import { formatFloatG } from '../parser/index.js';
import { deleteLabels, dropMetricName, setLabel } from './label-ops.js';
import { OutputAssembler } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import type { ScalarSteps, StepSeries, VectorSteps } from './step-values.js';

/** One classic histogram: its `le` series, grouped by every other label (the name included). */
interface BucketGroup {
  /** The group's labels without `le`; the name is still there (dropped at the end). */
  readonly labels: Labels;
  readonly members: { readonly s: StepSeries; readonly upper: number }[];
}

const LE_ONLY = new Set(['le']);

function metricName(labels: Labels): string {
  return labels.find((l) => l.name === METRIC_NAME_LABEL)?.value ?? '';
}

/** Go's strconv.ParseFloat on an `le` value; undefined when malformed. */
function parseLe(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (/^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || /^[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?$/.test(text)) {
    const v = Number(text.replace(/_/g, ''));
    return Number.isNaN(v) ? undefined : v;
  }
  return undefined;
}

/** Groups bucket series; series with a missing or malformed `le` are skipped with Prometheus's warning. */
function groupBuckets(ctx: EvalContext, input: VectorSteps, argPos: PosRange): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const s of input.series) {
    const le = s.labels.find((l) => l.name === 'le')?.value ?? '';
    const upper = parseLe(le);
    if (upper === undefined) {
      const name = ctx.v3 ? metricName(s.labels) : '';
      const suffix = name === '' ? '' : ` for metric name ${JSON.stringify(name)}`;
      ctx.annotations.warn(`bucket label "le" is missing or has a malformed value of ${JSON.stringify(le)}${suffix}`, argPos);
      continue;
    }
    const labels = deleteLabels(s.labels, LE_ONLY);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (g === undefined) {
      g = { labels, members: [] };
      groups.set(key, g);
    }
    g.members.push({ s, upper });
  }
  return [...groups.values()];
}

function warnQuantile(ctx: EvalContext, q: ScalarSteps, pos: PosRange | undefined): void {
  for (const v of q.values) {
    if (Number.isNaN(v) || v < 0 || v > 1) ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(v)}`, pos);
  }
}

/** Fills the buckets a group has at `step`; false when it has none there. */
function collectBuckets(g: BucketGroup, step: number, upperBounds: number[], counts: number[]): boolean {
  upperBounds.length = 0;
  counts.length = 0;
  for (const m of g.members) {
    if (m.s.present[step] !== 1) continue;
    upperBounds.push(m.upper);
    counts.push(m.s.values[step] as number);
  }
  return upperBounds.length > 0;
}

/**
 * Runs `compute` for each group at each step with that step's buckets. Results carry the
 * group's labels with the name dropped (delayed in Prometheus 3), as every histogram function's do.
 */
function perGroupStep(
  ctx: EvalContext,
  groups: readonly BucketGroup[],
  grid: TimeGrid,
  out: OutputAssembler,
  labelsOf: (g: BucketGroup) => Labels,
  compute: (g: BucketGroup, step: number, upperBounds: number[], counts: number[]) => number,
): void {
  const upperBounds: number[] = [];
  const counts: number[] = [];
  for (const g of groups) {
    const base = labelsOf(g);
    const slot = out.slot(ctx.v3 ? base : dropMetricName(base), ctx.v3);
    for (let i = 0; i < grid.steps; i++) {
      if (collectBuckets(g, i, upperBounds, counts)) out.set(slot, i, compute(g, i, upperBounds, counts));
    }
  }
}

function quantileOf(ctx: EvalContext, g: BucketGroup, q: number, upperBounds: number[], counts: number[], pos: PosRange | undefined): number {
  const r = histogramQuantile(q, { upperBounds, counts }, ctx.v3 ? 'v3' : 'v2.42');
  if (r.forcedMonotonic) {
    const name = ctx.v3 ? metricName(g.labels) : '';
    const suffix = name === '' ? '' : ` for metric name ${JSON.stringify(name)}`;
    ctx.annotations.info(
      `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)${suffix}`,
      pos,
    );
  }
  return r.value;
}

/** histogram_quantile(φ, buckets) over classic histograms. */
export async function evalHistogramQuantile(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const ctx = ev.ctx;
  const q = await ev.evalScalar(e.args[0] as Expr, grid);
  const input = await ev.evalVector(e.args[1] as Expr, grid);
  warnQuantile(ctx, q, e.args[0]?.pos);
  const groups = groupBuckets(ctx, input, (e.args[1] as Expr).pos);
  const out = new OutputAssembler(ctx, grid.steps);
  perGroupStep(ctx, groups, grid, out, (g) => g.labels, (g, i, upper, counts) => quantileOf(ctx, g, q.values[i] as number, upper, counts, e.args[1]?.pos));
  return { kind: 'vector', series: out.result() };
}

/** OpenMetrics float text, as the quantile label of histogram_quantiles: `0.0`, `0.25`, `1.0`. */
function openMetricsFloat(v: number): string {
  const text = formatFloatG(v);
  return /^[+-]?\d+$/.test(text) ? `${text}.0` : text;
}

/** histogram_quantiles(buckets, "label", φ1, φ2, ...): one result series per quantile, labelled with it. */
export async function evalHistogramQuantiles(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const ctx = ev.ctx;
  const input = await ev.evalVector(e.args[0] as Expr, grid);
  let labelArg = e.args[1] as Expr;
  while (labelArg.kind === 'paren') labelArg = labelArg.expr;
  if (labelArg.kind !== 'string') throw new PromqlError('bad_data', 'expected a string literal as the quantile label');
  const label = labelArg.value;
  const qs: ScalarSteps[] = [];
  for (let a = 2; a < e.args.length; a++) {
    const q = await ev.evalScalar(e.args[a] as Expr, grid);
    warnQuantile(ctx, q, e.args[a]?.pos);
    qs.push(q);
  }
  const groups = groupBuckets(ctx, input, (e.args[0] as Expr).pos);
  const out = new OutputAssembler(ctx, grid.steps);
  for (const q of qs) {
    // A quantile is constant in practice; label each step's output with that step's value.
    for (let i = 0; i < grid.steps; i++) {
      const qv = q.values[i] as number;
      const upperBounds: number[] = [];
      const counts: number[] = [];
      for (const g of groups) {
        if (!collectBuckets(g, i, upperBounds, counts)) continue;
        const withQ = setLabel(g.labels, label, openMetricsFloat(qv));
        const slot = out.slot(ctx.v3 ? withQ : dropMetricName(withQ), ctx.v3);
        out.set(slot, i, quantileOf(ctx, g, qv, upperBounds, counts, e.args[0]?.pos));
      }
    }
  }
  return { kind: 'vector', series: out.result() };
}

/** histogram_fraction(lower, upper, buckets) over classic histograms (Prometheus 3). */
export async function evalHistogramFraction(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const ctx = ev.ctx;
  const lower = await ev.evalScalar(e.args[0] as Expr, grid);
  const upper = await ev.evalScalar(e.args[1] as Expr, grid);
  const input = await ev.evalVector(e.args[2] as Expr, grid);
  const groups = groupBuckets(ctx, input, (e.args[2] as Expr).pos);
  const out = new OutputAssembler(ctx, grid.steps);
  perGroupStep(ctx, groups, grid, out, (g) => g.labels, (_g, i, upperBounds, counts) =>
    histogramFraction(lower.values[i] as number, upper.values[i] as number, { upperBounds, counts }),
  );
  return { kind: 'vector', series: out.result() };
}
