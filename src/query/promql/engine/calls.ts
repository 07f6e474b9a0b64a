import type { Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, compareLabels } from '../../../model/index.js';
import type { CallExpr, Expr, VectorSelector } from '../parser/index.js';
import type { RangeWindow } from '../functions/index.js';
import { clampIsEmpty, createRangeWindow, elementwiseKernels, rangeKernels, rangeKernelsV2_42, validateSmoothingFactors } from '../functions/index.js';
import type { TimeGrid } from './eval-context.js';
import { gridTime } from './eval-context.js';
import type { Evaluator } from './evaluator.js';
import { dropMetricName } from './label-ops.js';
import { labelJoin, labelReplace, mergeSameLabelset } from './label-functions.js';
import { evalHistogramFraction, evalHistogramQuantile, evalHistogramQuantiles } from './classic-histograms.js';
import { naturalLess } from './natural-sort.js';
import { OutputAssembler } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import { WindowCursor } from './selectors.js';
import type { Evaluated, RangeSteps, ScalarSteps, StepSeries, VectorSteps } from './step-values.js';
import { newStepSeries } from './step-values.js';
import { formatFloatG } from '../parser/index.js';

const DATE_FUNCTIONS = new Set(['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);
/** Functions of native histograms only: float samples are ignored, so the result is empty here. */
const NATIVE_HISTOGRAM_ONLY = new Set(['histogram_avg', 'histogram_count', 'histogram_sum', 'histogram_stddev', 'histogram_stdvar', 'histogram_fraction']);
const KEEPS_NAME = new Set(['last_over_time', 'first_over_time']);
const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

export function unwrap(e: Expr): Expr {
  while (e.kind === 'paren') e = e.expr;
  return e;
}

export function stringArg(e: Expr | undefined): string {
  const inner = e === undefined ? undefined : unwrap(e);
  if (inner?.kind !== 'string') throw new PromqlError('bad_data', 'expected a string literal argument');
  return inner.value;
}

export async function evalCall(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<Evaluated> {
  const name = e.func.name;
  const ctx = ev.ctx;
  if (name === 'time') return { kind: 'scalar', values: Float64Array.from({ length: grid.steps }, (_, i) => gridTime(grid, i) / 1000) };
  if (name === 'pi') return { kind: 'scalar', values: new Float64Array(grid.steps).fill(Math.PI) };
  const queryConstant = queryContextValue(ev, name);
  if (queryConstant !== undefined) return { kind: 'scalar', values: new Float64Array(grid.steps).fill(queryConstant) };
  if (name === 'min_of' || name === 'max_of') {
    const a = await ev.evalScalar(e.args[0] as Expr, grid);
    const b = await ev.evalScalar(e.args[1] as Expr, grid);
    // Go's math.Min/Max: NaN wins over everything.
    const pick = name === 'min_of' ? Math.min : Math.max;
    return { kind: 'scalar', values: a.values.map((x, i) => pick(x, b.values[i] as number)) };
  }
  if (name === 'timestamp') {
    const arg = unwrap(e.args[0] as Expr);
    if (arg.kind === 'vectorSelector') return finishNameDrop(ev, await ev.evalSelectorTimestamps(arg as VectorSelector, grid), true);
    const v = await ev.evalVector(arg, grid);
    const series = v.series.map((s) => ({ ...s, values: Float64Array.from(s.values, (_, i) => gridTime(grid, i) / 1000) }));
    return finishNameDrop(ev, { kind: 'vector', series }, true);
  }
  if (name === 'label_replace') {
    const input = await ev.evalVector(e.args[0] as Expr, grid);
    return labelReplace(ctx, input, stringArg(e.args[1]), stringArg(e.args[2]), stringArg(e.args[3]), stringArg(e.args[4]));
  }
  if (name === 'label_join') {
    const input = await ev.evalVector(e.args[0] as Expr, grid);
    return labelJoin(ctx, input, stringArg(e.args[1]), stringArg(e.args[2]), e.args.slice(3).map(stringArg));
  }
  if (name === 'info') throw new PromqlError('execution', 'info() is not supported yet (see docs/promql.md)');
  if (rangeKernels.has(name) || rangeKernelsV2_42.has(name) || name === 'absent_over_time') return evalRangeFunction(ev, e, grid);
  if (name === 'vector') {
    const s = await ev.evalScalar(e.args[0] as Expr, grid);
    const out = newStepSeries([], grid.steps, false);
    out.values.set(s.values);
    out.present.fill(1);
    return { kind: 'vector', series: [out] };
  }
  if (name === 'scalar') {
    const v = await ev.evalVector(e.args[0] as Expr, grid);
    const values = new Float64Array(grid.steps);
    for (let i = 0; i < grid.steps; i++) {
      let found = 0;
      let value = NaN;
      for (const s of v.series) {
        if (s.present[i] !== 1) continue;
        found++;
        value = s.values[i] as number;
      }
      values[i] = found === 1 ? value : NaN;
    }
    return { kind: 'scalar', values };
  }
  if (name === 'absent') return evalAbsent(ev, e, grid);
  if (name === 'sort' || name === 'sort_desc' || name === 'sort_by_label' || name === 'sort_by_label_desc') return evalSort(ev, e, grid);
  if (name === 'histogram_quantile') return evalHistogramQuantile(ev, e, grid);
  if (name === 'histogram_quantiles') return evalHistogramQuantiles(ev, e, grid);
  if (name === 'histogram_fraction' && ev.ctx.v3) return evalHistogramFraction(ev, e, grid);
  if (NATIVE_HISTOGRAM_ONLY.has(name)) {
    for (const a of e.args) await ev.eval(a, grid);
    return { kind: 'vector', series: [] };
  }
  if (DATE_FUNCTIONS.has(name)) return evalDateFunction(ev, e, grid);
  const kernel = elementwiseKernels.get(name);
  if (kernel !== undefined) return evalElementwise(ev, e, grid, kernel);
  throw new PromqlError('execution', `function ${JSON.stringify(name)} is not supported yet (see docs/promql.md)`);
}

/** step(), range(), start(), end(): properties of the top-level query, in seconds. */
function queryContextValue(ev: Evaluator, name: string): number | undefined {
  const ctx = ev.ctx;
  switch (name) {
    case 'step':
      return ctx.queryStepMs / 1000;
    case 'range':
      return (ctx.queryEndMs - ctx.queryStartMs) / 1000;
    case 'start':
      return ctx.queryStartMs / 1000;
    case 'end':
      return ctx.queryEndMs / 1000;
    default:
      return undefined;
  }
}

/** Marks (Prometheus 3) or performs (2.x) the removal of the metric name from a function's output. */
function finishNameDrop(ev: Evaluator, v: VectorSteps, drop: boolean): VectorSteps {
  if (!drop) return v;
  if (ev.ctx.v3) {
    for (const s of v.series) s.dropName = true;
    return v;
  }
  const series = v.series.map((s) => ({ ...s, labels: dropMetricName(s.labels) }));
  return { kind: 'vector', series: mergeSameLabelset(series) };
}

async function scalarArgs(ev: Evaluator, args: readonly Expr[], skip: number, grid: TimeGrid): Promise<ScalarSteps[]> {
  const out: ScalarSteps[] = [];
  for (let i = 0; i < args.length; i++) if (i !== skip) out.push(await ev.evalScalar(args[i] as Expr, grid));
  return out;
}

async function evalElementwise(
  ev: Evaluator,
  e: CallExpr,
  grid: TimeGrid,
  kernel: (v: number, params: readonly number[]) => number,
): Promise<VectorSteps> {
  const input = await ev.evalVector(e.args[0] as Expr, grid);
  const scalars = await scalarArgs(ev, e.args, 0, grid);
  const params = new Array<number>(scalars.length).fill(0);
  const name = e.func.name;
  for (const s of input.series) {
    for (let i = 0; i < grid.steps; i++) {
      if (s.present[i] !== 1) continue;
      for (let p = 0; p < scalars.length; p++) params[p] = (scalars[p] as ScalarSteps).values[i] as number;
      // clamp with min > max yields nothing at that step.
      if (name === 'clamp' && clampIsEmpty(params[0] as number, params[1] as number)) {
        s.present[i] = 0;
        continue;
      }
      s.values[i] = kernel(s.values[i] as number, params);
    }
  }
  // A new array, not a spread into splice: that would overflow the stack on large vectors.
  return finishNameDrop(ev, { kind: 'vector', series: input.series.filter((s) => s.present.includes(1)) }, true);
}

async function evalDateFunction(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const kernel = elementwiseKernels.get(e.func.name);
  if (kernel === undefined) throw new PromqlError('internal', `BUG: no kernel for ${e.func.name}`);
  if (e.args.length === 0) {
    const s = newStepSeries([], grid.steps, false);
    for (let i = 0; i < grid.steps; i++) {
      s.values[i] = kernel(gridTime(grid, i) / 1000, []);
      s.present[i] = 1;
    }
    return { kind: 'vector', series: [s] };
  }
  return evalElementwise(ev, e, grid, kernel);
}

async function evalRangeFunction(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const ctx = ev.ctx;
  const name = e.func.name;
  const matrixIndex = e.args.findIndex((a) => {
    const k = unwrap(a).kind;
    return k === 'matrixSelector' || k === 'subquery';
  });
  const range: RangeSteps = await ev.evalRange(e.args[matrixIndex] as Expr, grid);
  const scalars = await scalarArgs(ev, e.args, matrixIndex, grid);
  const kernel = (ctx.v3 ? rangeKernels : rangeKernelsV2_42).get(name);
  const isAbsent = name === 'absent_over_time';
  const dropName = !KEEPS_NAME.has(name);
  const out = new OutputAssembler(ctx, grid.steps);
  const cursor = new WindowCursor();
  const params = new Array<number>(scalars.length).fill(0);
  const window: RangeWindow = createRangeWindow();
  const anyAt = new Uint8Array(grid.steps);
  const openLeft = ctx.v3;
  let warnedCounter = false;
  let windowHeld = 0;
  for (const s of range.series) {
    ctx.checkAbort();
    if (ctx.shouldYield()) await ctx.yieldNow();
    cursor.reset();
    const seriesDropName = dropName || s.dropName;
    let slot: StepSeries | undefined;
    for (let i = 0; i < grid.steps; i++) {
      const ref = (range.atMs ?? gridTime(grid, i)) - range.offsetMs;
      if (range.atMs !== undefined) cursor.reset();
      cursor.seek(s.ts, ref, range.rangeMs, openLeft);
      if (cursor.to <= cursor.from) continue;
      anyAt[i] = 1;
      if (isAbsent || kernel === undefined) continue;
      for (let p = 0; p < scalars.length; p++) params[p] = (scalars[p] as ScalarSteps).values[i] as number;
      if (name === 'holt_winters' || name === 'double_exponential_smoothing') checkSmoothing(params);
      if (name === 'quantile_over_time') {
        const q = params[0] as number;
        if (Number.isNaN(q) || q < 0 || q > 1) ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, e.args[0]?.pos);
      }
      window.ts = s.ts;
      window.vals = s.vals;
      window.from = cursor.from;
      window.to = cursor.to;
      window.rangeStartMs = ref - range.rangeMs;
      window.rangeEndMs = ref;
      // predict_linear anchors at the step's time, which differs from `ref` under offset and @.
      window.evalTimeMs = gridTime(grid, i);
      // The window is held while the function runs on it, replaced by the next step's window.
      ctx.addSamples(cursor.to - cursor.from - windowHeld);
      windowHeld = cursor.to - cursor.from;
      const value = kernel(window, params);
      if (value === undefined) continue;
      if (slot === undefined) {
        // Input series have distinct label sets; only dropping the name now (2.x) can merge two.
        if (seriesDropName && !ctx.v3) slot = out.slot(dropMetricName(s.labels), false);
        else slot = out.uniqueSlot(s.labels, seriesDropName);
      }
      out.set(slot, i, value);
    }
    if ((name === 'rate' || name === 'increase') && slot !== undefined && !warnedCounter) {
      const metric = s.labels.find((l) => l.name === METRIC_NAME_LABEL)?.value ?? '';
      if (metric !== '' && !COUNTER_SUFFIXES.some((suffix) => metric.endsWith(suffix))) {
        ctx.annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(metric)}`, e.args[matrixIndex]?.pos);
        warnedCounter = true;
      }
    }
  }
  ctx.addSamples(-windowHeld);
  if (isAbsent) return absentOverTime(ev, e, grid, anyAt);
  return { kind: 'vector', series: out.result() };
}

function checkSmoothing(params: readonly number[]): void {
  const problem = validateSmoothingFactors(params[0] as number, params[1] as number);
  if (problem !== undefined) throw new PromqlError('execution', problem);
}

/** The labels `absent(...)` reports: the `=` matchers of a plain selector argument. */
function absentLabels(arg: Expr): Labels {
  const inner = unwrap(arg);
  const selector = inner.kind === 'vectorSelector' ? inner : inner.kind === 'matrixSelector' ? inner.vector : undefined;
  if (selector === undefined) return [];
  const counts = new Map<string, number>();
  for (const m of selector.matchers) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
  const out: { name: string; value: string }[] = [];
  for (const m of selector.matchers) {
    if (m.type !== '=' || m.name === METRIC_NAME_LABEL || counts.get(m.name) !== 1) continue;
    out.push({ name: m.name, value: m.value });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function absentOverTime(ev: Evaluator, e: CallExpr, grid: TimeGrid, anyAt: Uint8Array): VectorSteps {
  const s = newStepSeries(absentLabels(e.args[0] as Expr), grid.steps, false);
  for (let i = 0; i < grid.steps; i++) {
    if (anyAt[i] === 1) continue;
    s.values[i] = 1;
    s.present[i] = 1;
  }
  return { kind: 'vector', series: s.present.includes(1) ? [s] : [] };
}

async function evalAbsent(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const input = await ev.evalVector(e.args[0] as Expr, grid);
  const anyAt = new Uint8Array(grid.steps);
  for (const s of input.series) for (let i = 0; i < grid.steps; i++) if (s.present[i] === 1) anyAt[i] = 1;
  return absentOverTime(ev, e, grid, anyAt);
}

async function evalSort(ev: Evaluator, e: CallExpr, grid: TimeGrid): Promise<VectorSteps> {
  const input = await ev.evalVector(e.args[0] as Expr, grid);
  const name = e.func.name;
  if (grid.steps > 1) {
    ev.ctx.annotations.warn('sort is ineffective for range queries since results are always ordered by labels', e.pos);
  }
  if (grid.steps !== 1) return input;
  const present = input.series.filter((s) => s.present[0] === 1);
  const value = (s: StepSeries): number => s.values[0] as number;
  if (name === 'sort' || name === 'sort_desc') {
    const desc = name === 'sort_desc';
    // NaN goes last in both directions, as Prometheus's sorts place it.
    present.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return desc ? y - x : x - y;
    });
  } else {
    const names = e.args.slice(1).map(stringArg);
    const desc = name === 'sort_by_label_desc';
    present.sort((a, b) => {
      for (const n of names) {
        const x = a.labels.find((l) => l.name === n)?.value ?? '';
        const y = b.labels.find((l) => l.name === n)?.value ?? '';
        if (x === y) continue;
        const less = naturalLess(x, y);
        return desc ? (less ? 1 : -1) : less ? -1 : 1;
      }
      return desc ? compareLabels(b.labels, a.labels) : compareLabels(a.labels, b.labels);
    });
  }
  ev.instantOrder = present;
  return { kind: 'vector', series: present };
}
