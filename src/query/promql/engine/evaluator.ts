import type { MetricsReader } from '../../../store/contract.js';
import type { AggregateExpr, AtModifier, BinaryExpr, DurationExpr, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/index.js';
import { evaluateDuration, exprType } from '../parser/index.js';
import { aggregateK, aggregateValues, countValues, limitRatio } from './aggregate.js';
import { scalarScalar, setOperation, vectorScalar, vectorVector } from './binary.js';
import { evalCall } from './calls.js';
import type { EvalContext, TimeGrid } from './eval-context.js';
import { gridTime, makeGrid } from './eval-context.js';
import { dropMetricName } from './label-ops.js';
import { mergeSameLabelset } from './label-functions.js';
import { PromqlError } from '../parser/index.js';
import { fetchSeries, instantSelect, withoutStaleMarkers } from './selectors.js';
import type { Evaluated, RangeSeries, RangeSteps, ScalarSteps, StepSeries, VectorSteps } from './step-values.js';
import { countPresent } from './step-values.js';

/**
 * Evaluates an AST on a step grid. Every node yields its value at all steps at once (see
 * step-values.ts); subqueries evaluate their inner expression on their own grid.
 */
export class Evaluator {
  /** Set for instant queries whose result order is defined (sort, topk, ...). */
  instantOrder: StepSeries[] | undefined;

  constructor(
    readonly ctx: EvalContext,
    private readonly reader: MetricsReader,
  ) {}

  async eval(e: Expr, grid: TimeGrid): Promise<Evaluated> {
    this.ctx.throwIfAborted();
    if (this.ctx.shouldYield()) await this.ctx.yieldNow();
    const held = this.ctx.heldSamples;
    const value = await this.evalNode(e, grid);
    this.ctx.settleSamples(held + heldBy(value));
    return value;
  }

  private async evalNode(e: Expr, grid: TimeGrid): Promise<Evaluated> {
    switch (e.kind) {
      case 'number':
        return { kind: 'scalar', values: new Float64Array(grid.steps).fill(e.value) };
      case 'string':
        return { kind: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr, grid);
      case 'unary':
        return this.evalUnary(e.op, await this.eval(e.expr, grid));
      case 'vectorSelector':
        return this.evalVectorSelector(e, grid);
      case 'matrixSelector':
        return this.evalMatrixSelector(e, grid);
      case 'subquery':
        return this.evalSubquery(e, grid);
      case 'binary':
        return this.evalBinary(e, grid);
      case 'aggregate':
        return this.evalAggregate(e, grid);
      case 'call':
        return evalCall(this, e, grid);
    }
  }

  async evalVector(e: Expr, grid: TimeGrid): Promise<VectorSteps> {
    const v = await this.eval(e, grid);
    if (v.kind !== 'vector') throw new PromqlError('internal', `BUG: expected an instant vector, got ${v.kind}`);
    return v;
  }

  async evalScalar(e: Expr, grid: TimeGrid): Promise<ScalarSteps> {
    const v = await this.eval(e, grid);
    if (v.kind !== 'scalar') throw new PromqlError('internal', `BUG: expected a scalar, got ${v.kind}`);
    return v;
  }

  async evalRange(e: Expr, grid: TimeGrid): Promise<RangeSteps> {
    let inner = e;
    while (inner.kind === 'paren') inner = inner.expr;
    if (inner.kind === 'matrixSelector') return this.evalMatrixSelector(inner, grid);
    if (inner.kind === 'subquery') return this.evalSubquery(inner, grid);
    throw new PromqlError('internal', `BUG: expected a range vector, got ${inner.kind}`);
  }

  /** A range, subquery step (`offset`: may be negative) in ms; step() and range() are the top-level query's. */
  durationMs(d: DurationExpr | undefined, offset = false): number {
    if (d === undefined) return 0;
    return evaluateDuration(d, { stepMs: this.ctx.queryStepMs, rangeMs: this.ctx.queryEndMs - this.ctx.queryStartMs, allowNegative: offset });
  }

  atMs(at: AtModifier | undefined): number | undefined {
    if (at === undefined) return undefined;
    if (at.kind === 'start') return this.ctx.queryStartMs;
    if (at.kind === 'end') return this.ctx.queryEndMs;
    return at.ms;
  }

  /** The reference times a selector is evaluated at over the grid: [first, last]. */
  private refTimes(grid: TimeGrid, offsetMs: number, atMs: number | undefined): [number, number] {
    if (atMs !== undefined) return [atMs - offsetMs, atMs - offsetMs];
    return [grid.startMs - offsetMs, gridTime(grid, Math.max(0, grid.steps - 1)) - offsetMs];
  }

  private async evalVectorSelector(e: VectorSelector, grid: TimeGrid): Promise<VectorSteps> {
    const offsetMs = this.durationMs(e.offset, true);
    const atMs = this.atMs(e.at);
    const [first, last] = this.refTimes(grid, offsetMs, atMs);
    const raw = await fetchSeries(this.reader, this.ctx, e.matchers, first - this.ctx.settings.lookbackDeltaMs, last);
    return { kind: 'vector', series: await instantSelect(this.ctx, raw, grid, offsetMs, atMs) };
  }

  /** Sample timestamps instead of values (`timestamp(selector)`). */
  async evalSelectorTimestamps(e: VectorSelector, grid: TimeGrid): Promise<VectorSteps> {
    const offsetMs = this.durationMs(e.offset, true);
    const atMs = this.atMs(e.at);
    const [first, last] = this.refTimes(grid, offsetMs, atMs);
    const raw = await fetchSeries(this.reader, this.ctx, e.matchers, first - this.ctx.settings.lookbackDeltaMs, last);
    return { kind: 'vector', series: await instantSelect(this.ctx, raw, grid, offsetMs, atMs, true) };
  }

  private async evalMatrixSelector(e: MatrixSelector, grid: TimeGrid): Promise<RangeSteps> {
    const offsetMs = this.durationMs(e.vector.offset, true);
    const atMs = this.atMs(e.vector.at);
    const rangeMs = this.durationMs(e.range);
    const [first, last] = this.refTimes(grid, offsetMs, atMs);
    const raw = await fetchSeries(this.reader, this.ctx, e.vector.matchers, first - rangeMs, last);
    return { kind: 'range', series: withoutStaleMarkers(raw), rangeMs, offsetMs, atMs };
  }

  /**
   * A subquery is its inner expression evaluated on a grid of absolute multiples of its step,
   * covering every window the outer grid needs; its points become a range vector.
   */
  private async evalSubquery(e: SubqueryExpr, grid: TimeGrid): Promise<RangeSteps> {
    const offsetMs = this.durationMs(e.offset, true);
    const atMs = this.atMs(e.at);
    const rangeMs = this.durationMs(e.range);
    const stepMs = e.step === undefined ? this.ctx.settings.defaultSubqueryStepMs : this.durationMs(e.step);
    if (stepMs <= 0) throw new PromqlError('bad_data', 'zero or negative subquery step');
    const [first, last] = this.refTimes(grid, offsetMs, atMs);
    const lowest = first - rangeMs;
    let start = Math.floor(lowest / stepMs) * stepMs;
    // Prometheus 3 windows are left-open, so a point exactly at the window start is not needed.
    if (this.ctx.v3 ? start <= lowest : start < lowest) start += stepMs;
    const inner = makeGrid(start, last, stepMs);
    const value = inner.steps > 0 ? await this.eval(e.expr, inner) : ({ kind: 'vector', series: [] } as VectorSteps);
    const series: RangeSeries[] = [];
    if (value.kind === 'scalar') {
      series.push(toRangeSeries({ labels: [], values: value.values, present: new Uint8Array(inner.steps).fill(1), dropName: false }, inner));
    } else if (value.kind === 'vector') {
      for (const s of value.series) series.push(toRangeSeries(s, inner));
    } else {
      throw new PromqlError('internal', `BUG: subquery of a ${value.kind}`);
    }
    return { kind: 'range', series, rangeMs, offsetMs, atMs };
  }

  private evalUnary(op: '-' | '+', v: Evaluated): Evaluated {
    if (op === '+') return v;
    if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map((x) => -x) };
    if (v.kind !== 'vector') throw new PromqlError('internal', `BUG: unary minus on ${v.kind}`);
    const series = v.series.map((s): StepSeries => ({
      labels: this.ctx.v3 ? s.labels : dropMetricName(s.labels),
      values: s.values.map((x) => -x),
      present: s.present,
      dropName: this.ctx.v3,
    }));
    return { kind: 'vector', series: this.ctx.v3 ? series : mergeSameLabelset(series) };
  }

  private async evalBinary(e: BinaryExpr, grid: TimeGrid): Promise<Evaluated> {
    const lt = exprType(e.lhs);
    const rt = exprType(e.rhs);
    const lhs = await this.eval(e.lhs, grid);
    const rhs = await this.eval(e.rhs, grid);
    if (lt === 'scalar' && rt === 'scalar') return scalarScalar(e.op, lhs as ScalarSteps, rhs as ScalarSteps);
    if (lt === 'vector' && rt === 'scalar') return vectorScalar(this.ctx, e, lhs as VectorSteps, rhs as ScalarSteps, false, grid.steps);
    if (lt === 'scalar' && rt === 'vector') return vectorScalar(this.ctx, e, rhs as VectorSteps, lhs as ScalarSteps, true, grid.steps);
    if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return setOperation(this.ctx, e, lhs as VectorSteps, rhs as VectorSteps, grid.steps);
    return vectorVector(this.ctx, e, lhs as VectorSteps, rhs as VectorSteps, grid.steps);
  }

  private async evalAggregate(e: AggregateExpr, grid: TimeGrid): Promise<VectorSteps> {
    if (e.op === 'count_values') {
      let param = e.param;
      while (param?.kind === 'paren') param = param.expr;
      const label = param?.kind === 'string' ? param.value : '';
      if (!(this.ctx.v3 ? label.length > 0 : /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label))) {
        throw new PromqlError('bad_data', `invalid label name ${JSON.stringify(label)}`);
      }
      return countValues(this.ctx, e, await this.evalVector(e.expr, grid), label, grid.steps);
    }
    const param = e.param === undefined ? undefined : await this.evalScalar(e.param, grid);
    const input = await this.evalVector(e.expr, grid);
    if (e.op === 'topk' || e.op === 'bottomk' || e.op === 'limitk') {
      const { result, instantOrder } = aggregateK(this.ctx, e, input, param as ScalarSteps, grid.steps);
      if (grid.steps === 1) this.instantOrder = instantOrder;
      return result;
    }
    if (e.op === 'limit_ratio') return limitRatio(this.ctx, e, input, param as ScalarSteps, grid.steps);
    return aggregateValues(this.ctx, e, input, param, grid.steps);
  }
}

/** Points a value keeps in memory (Prometheus's sample accounting). */
function heldBy(v: Evaluated): number {
  let n = 0;
  if (v.kind === 'vector') {
    for (const s of v.series) n += countPresent(s);
  } else if (v.kind === 'range') {
    for (const s of v.series) n += s.ts.length;
  }
  return n;
}

function toRangeSeries(s: StepSeries, grid: TimeGrid): RangeSeries {
  let n = 0;
  for (let i = 0; i < grid.steps; i++) n += s.present[i] as number;
  const ts = new Float64Array(n);
  const vals = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < grid.steps; i++) {
    if (s.present[i] !== 1) continue;
    ts[j] = gridTime(grid, i);
    vals[j++] = s.values[i] as number;
  }
  return { labels: s.labels, ts, vals, dropName: s.dropName };
}

