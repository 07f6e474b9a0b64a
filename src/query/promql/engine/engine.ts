import type { Labels } from '../../../model/index.js';
import { compareLabels } from '../../../model/index.js';
import type { MetricsReader } from '../../../store/contract.js';
import type { Expr } from '../parser/index.js';
import { exprType, parseExpr } from '../parser/index.js';
import type { EngineSettings, PromqlCompatibility, TimeGrid } from './eval-context.js';
import { EvalContext, abortError, gridTime, makeGrid } from './eval-context.js';
import { Evaluator } from './evaluator.js';
import { dropMetricName } from './label-ops.js';
import { mergeSameLabelset } from './label-functions.js';
import { DUPLICATE_LABELSET } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import type { InstantSample, MatrixSeries, QueryResult, QueryValue } from './query-result.js';
import { QueryQueue } from './query-queue.js';
import { WindowCursor } from './selectors.js';
import type { Evaluated, StepSeries } from './step-values.js';

export interface PromqlEngineOptions {
  readonly reader: MetricsReader;
  /** Default 5 minutes, as Prometheus's --query.lookback-delta. */
  readonly lookbackDeltaMs?: number;
  /** Default 50,000,000, as Prometheus's --query.max-samples. */
  readonly maxSamples?: number;
  /** Default 2 minutes, as Prometheus's --query.timeout. */
  readonly timeoutMs?: number;
  /** Default 20, as Prometheus's --query.max-concurrency; further queries wait in a queue. */
  readonly maxConcurrentQueries?: number;
  /** Default 'prometheus3'. */
  readonly compatibility?: PromqlCompatibility;
  /** Default 1 minute (Prometheus's default global evaluation interval). */
  readonly defaultSubqueryStepMs?: number;
}

interface QueryCommon {
  readonly query: string;
  readonly tenant?: string;
  readonly signal?: AbortSignal;
  /** Overrides the engine timeout when shorter. */
  readonly timeoutMs?: number;
}

export interface InstantQuery extends QueryCommon {
  readonly timeMs: number;
}

export interface RangeQuery extends QueryCommon {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

const DEFAULT_TENANT = 'default';

/** The PromQL engine: parse, evaluate against a MetricsReader, return results in Prometheus's terms. */
export class PromqlEngine {
  private readonly settings: EngineSettings;
  private readonly timeoutMs: number;
  private readonly queue: QueryQueue;

  constructor(private readonly options: PromqlEngineOptions) {
    this.settings = {
      lookbackDeltaMs: options.lookbackDeltaMs ?? 5 * 60_000,
      maxSamples: options.maxSamples ?? 50_000_000,
      compatibility: options.compatibility ?? 'prometheus3',
      defaultSubqueryStepMs: options.defaultSubqueryStepMs ?? 60_000,
    };
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.queue = new QueryQueue(options.maxConcurrentQueries ?? 20);
  }

  async instantQuery(q: InstantQuery): Promise<QueryResult> {
    const expr = parseExpr(q.query);
    return this.run(q, expr, q.timeMs, q.timeMs, 0);
  }

  async rangeQuery(q: RangeQuery): Promise<QueryResult> {
    const expr = parseExpr(q.query);
    const type = exprType(expr);
    if (type !== 'scalar' && type !== 'vector') {
      const name = type === 'matrix' ? 'range vector' : type;
      throw new PromqlError('bad_data', `invalid expression type "${name}" for range query, must be Scalar or instant Vector`);
    }
    if (!(q.stepMs > 0)) throw new PromqlError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (q.endMs < q.startMs) throw new PromqlError('bad_data', 'end timestamp must not be before start time');
    return this.run(q, expr, q.startMs, q.endMs, q.stepMs);
  }

  private async run(q: QueryCommon, expr: Expr, startMs: number, endMs: number, stepMs: number): Promise<QueryResult> {
    const timeoutMs = Math.min(this.timeoutMs, q.timeoutMs ?? Infinity);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = q.signal === undefined ? timeout : AbortSignal.any([q.signal, timeout]);
    const release = await this.queue.acquire(signal);
    try {
      const ctx = new EvalContext(this.settings, q.tenant ?? DEFAULT_TENANT, q.query, startMs, endMs, stepMs, signal, timeoutMs);
      const evaluator = new Evaluator(ctx, this.options.reader);
      const grid = stepMs > 0 ? makeGrid(startMs, endMs, stepMs) : makeGrid(startMs, startMs, 0);
      const value = await evaluator.eval(expr, grid);
      const result = stepMs > 0 ? toMatrix(ctx, value, grid) : toInstant(ctx, evaluator, expr, value, grid);
      return { value: result, warnings: ctx.annotations.warnings, infos: ctx.annotations.infos };
    } catch (e) {
      if (signal.aborted && !(e instanceof PromqlError && e.type === 'bad_data')) throw abortError(signal.reason);
      throw e;
    } finally {
      release();
    }
  }
}

/** Prometheus 3 drops the names it delayed only now; equal label sets that result are merged or rejected. */
function finalSeries(ctx: EvalContext, series: StepSeries[]): StepSeries[] {
  if (!ctx.v3) return series;
  let changed = false;
  const out = series.map((s) => {
    if (!s.dropName) return s;
    changed = true;
    return { ...s, labels: dropMetricName(s.labels), dropName: false };
  });
  return changed ? mergeSameLabelset(out) : out;
}

function toMatrix(ctx: EvalContext, value: Evaluated, grid: TimeGrid): QueryValue {
  if (value.kind === 'scalar') {
    const timestampsMs: number[] = [];
    for (let i = 0; i < grid.steps; i++) timestampsMs.push(gridTime(grid, i));
    return { type: 'matrix', series: [{ labels: [], timestampsMs, values: Array.from(value.values) }] };
  }
  if (value.kind !== 'vector') throw new PromqlError('internal', `BUG: range query produced ${value.kind}`);
  const series: MatrixSeries[] = [];
  for (const s of finalSeries(ctx, value.series)) {
    const timestampsMs: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < grid.steps; i++) {
      if (s.present[i] !== 1) continue;
      timestampsMs.push(gridTime(grid, i));
      values.push(s.values[i] as number);
    }
    if (values.length > 0) series.push({ labels: s.labels, timestampsMs, values });
  }
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  return { type: 'matrix', series };
}

function isOrderedTop(e: Expr): boolean {
  while (e.kind === 'paren') e = e.expr;
  if (e.kind === 'call') return e.func.name.startsWith('sort');
  return e.kind === 'aggregate' && (e.op === 'topk' || e.op === 'bottomk' || e.op === 'limitk');
}

function toInstant(ctx: EvalContext, ev: Evaluator, expr: Expr, value: Evaluated, grid: TimeGrid): QueryValue {
  const t = grid.startMs;
  switch (value.kind) {
    case 'scalar':
      return { type: 'scalar', timestampMs: t, value: value.values[0] as number };
    case 'string':
      return { type: 'string', timestampMs: t, value: value.value };
    case 'range':
      return rangeAt(ctx, value, t);
    case 'vector': {
      const ordered = isOrderedTop(expr) && ev.instantOrder !== undefined ? ev.instantOrder : value.series;
      const samples: InstantSample[] = [];
      const seen = new Set<string>();
      for (const s of finalSeries(ctx, ordered.filter((x) => x.present[0] === 1))) {
        const key = JSON.stringify(s.labels);
        if (seen.has(key)) throw new PromqlError('execution', DUPLICATE_LABELSET);
        seen.add(key);
        samples.push({ labels: s.labels, timestampMs: t, value: s.values[0] as number });
      }
      return { type: 'vector', samples };
    }
  }
}

/** A range vector at one evaluation time: each series' samples in its window, real timestamps. */
function rangeAt(ctx: EvalContext, value: Extract<Evaluated, { kind: 'range' }>, t: number): QueryValue {
  const ref = (value.atMs ?? t) - value.offsetMs;
  const cursor = new WindowCursor();
  const series: MatrixSeries[] = [];
  for (const s of value.series) {
    cursor.reset();
    cursor.seek(s.ts, ref, value.rangeMs, ctx.v3);
    if (cursor.to <= cursor.from) continue;
    const labels: Labels = ctx.v3 && s.dropName ? dropMetricName(s.labels) : s.labels;
    series.push({
      labels,
      timestampsMs: Array.from(s.ts.subarray(cursor.from, cursor.to)),
      values: Array.from(s.vals.subarray(cursor.from, cursor.to)),
    });
  }
  return { type: 'matrix', series };
}
