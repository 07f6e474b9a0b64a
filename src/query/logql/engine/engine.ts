import type { Labels } from '../../../model/index.js';
import { OmniscopeError, badInput, compareLabels, limitExceeded } from '../../../model/index.js';
import type { LogsReader } from '../../../store/contract.js';
import type { MetricExpr } from '../parser/index.js';
import type { EvalContext } from './eval-context.js';
import { QueryStats, StepGrid } from './eval-context.js';
import type { Evaluated } from './evaluator.js';
import { evaluate } from './evaluator.js';
import { PointBudget } from './step-vectors.js';

export interface LogqlEngineOptions {
  /** Where the counts come from (the store's logs reader). */
  readonly reader: Pick<LogsReader, 'countLogs'>;
  /** Most series a result may have (Loki's max_query_series); default 500. */
  readonly maxSeries?: number;
  /** Longest a query may run; default 1 minute (Loki's query_timeout). */
  readonly timeoutMs?: number;
  /** Most points the vectors of one query may hold together; default 10 million. */
  readonly maxPoints?: number;
}

interface QueryCommon {
  readonly tenant: string;
  readonly expr: MetricExpr;
  /** Aborts the query (the client went away); the engine's timeout applies as well. */
  readonly signal?: AbortSignal;
}

export interface RangeQuery extends QueryCommon {
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  /** > 0. */
  readonly stepNanos: bigint;
}

export interface InstantQuery extends QueryCommon {
  readonly timeUnixNano: bigint;
}

export interface MatrixSeries {
  readonly labels: Labels;
  readonly timesMs: number[];
  readonly values: number[];
}

export interface VectorSample {
  readonly labels: Labels;
  readonly value: number;
}

/** What a metric query answers, with the lines and bytes it counted. */
export type MetricResult = (
  | { readonly type: 'matrix'; readonly series: MatrixSeries[] }
  | { readonly type: 'vector'; readonly timeMs: number; readonly samples: VectorSample[] }
  | { readonly type: 'scalar'; readonly timeMs: number; readonly value: number }
) & { readonly stats: QueryStats };

/** Loki refuses range queries with more points per series than this. */
export const MAX_STEPS = 11_000;

/**
 * Evaluates LogQL metric queries (see parseLogql for what is supported) over a logs reader's
 * counts, with Loki's semantics: a range query has a point at start, start + step, ... up to
 * end; a window is (t - offset - range, t - offset]. Results are sorted by labels (instant
 * queries keep the order of `sort`/`sort_desc`). Errors: `limit_exceeded` for more than
 * maxSeries series or maxPoints points, `timeout` after timeoutMs, `canceled` when the caller's
 * signal fires, `bad_input` for steps and matching errors.
 */
export class LogqlEngine {
  private readonly maxSeries: number;
  private readonly timeoutMs: number;
  private readonly maxPoints: number;

  constructor(private readonly options: LogqlEngineOptions) {
    this.maxSeries = options.maxSeries ?? 500;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxPoints = options.maxPoints ?? 10_000_000;
  }

  async rangeQuery(q: RangeQuery): Promise<MetricResult> {
    if (q.stepNanos <= 0n) throw badInput('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (q.endUnixNano < q.startUnixNano) throw badInput('end timestamp must not be before or equal to start time');
    if ((q.endUnixNano - q.startUnixNano) / q.stepNanos > BigInt(MAX_STEPS)) {
      throw badInput('exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
    }
    const grid = new StepGrid(q.startUnixNano, q.endUnixNano, q.stepNanos);
    return this.run(q, grid, (value, stats) => ({ ...this.toMatrix(value, grid), stats }));
  }

  async instantQuery(q: InstantQuery): Promise<MetricResult> {
    const grid = new StepGrid(q.timeUnixNano, q.timeUnixNano, 0n);
    return this.run(q, grid, (value, stats) => ({ ...this.toInstant(value, grid, keepsOrder(q.expr)), stats }));
  }

  private async run(q: QueryCommon, grid: StepGrid, finish: (value: Evaluated, stats: QueryStats) => MetricResult): Promise<MetricResult> {
    // A timer of our own rather than AbortSignal.timeout, whose unreferenced timer would let a
    // process with nothing else to do exit before the query settles.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('query timeout', 'TimeoutError')), this.timeoutMs);
    const signal = q.signal === undefined ? timeout.signal : AbortSignal.any([q.signal, timeout.signal]);
    const ctx: EvalContext = { tenant: q.tenant, reader: this.options.reader, grid, signal, budget: new PointBudget(this.maxPoints), stats: new QueryStats() };
    try {
      return finish(await evaluate(q.expr, ctx), ctx.stats);
    } catch (e) {
      if (timeout.signal.aborted) throw new OmniscopeError('timeout', `the query ran longer than its timeout of ${this.timeoutMs / 1000}s`, { cause: e });
      if (signal.aborted) throw new OmniscopeError('canceled', 'the query was canceled: the client went away', { cause: e });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private toMatrix(value: Evaluated, grid: StepGrid): { type: 'matrix'; series: MatrixSeries[] } {
    const times = Array.from({ length: grid.steps }, (_, i) => grid.timeMs(i));
    if (value.kind === 'scalar') return { type: 'matrix', series: [{ labels: [], timesMs: times, values: times.map(() => value.value) }] };
    const v = value.vectors;
    const series: MatrixSeries[] = v.labels.map((labels) => ({ labels, timesMs: [], values: [] }));
    for (let step = 0; step < v.steps; step++) {
      for (let p = v.offsets[step] as number; p < (v.offsets[step + 1] as number); p++) {
        const s = series[v.series[p] as number] as MatrixSeries;
        s.timesMs.push(times[step] as number);
        s.values.push(v.values[p] as number);
      }
    }
    const present = series.filter((s) => s.values.length > 0);
    this.checkSeries(present.length);
    return { type: 'matrix', series: present.sort((a, b) => compareLabels(a.labels, b.labels)) };
  }

  private toInstant(value: Evaluated, grid: StepGrid, keepOrder: boolean): { type: 'vector'; timeMs: number; samples: VectorSample[] } | { type: 'scalar'; timeMs: number; value: number } {
    const timeMs = grid.timeMs(0);
    if (value.kind === 'scalar') return { type: 'scalar', timeMs, value: value.value };
    const v = value.vectors;
    const samples: VectorSample[] = [];
    for (let p = v.offsets[0] as number; p < (v.offsets[1] as number); p++) samples.push({ labels: v.labels[v.series[p] as number] as Labels, value: v.values[p] as number });
    this.checkSeries(samples.length);
    if (!keepOrder) samples.sort((a, b) => compareLabels(a.labels, b.labels));
    return { type: 'vector', timeMs, samples };
  }

  private checkSeries(n: number): void {
    if (n > this.maxSeries) {
      throw limitExceeded(
        `maximum number of series (${this.maxSeries}) reached for a single query; the result has ${n}: select fewer streams, ` +
          'or aggregate with sum by (...), count by (...) or topk(...)',
      );
    }
  }
}

/** Loki keeps an instant result in evaluation order when the query sorts by value anywhere. */
function keepsOrder(e: MetricExpr): boolean {
  switch (e.type) {
    case 'vector_aggregation':
      return e.op === 'sort' || e.op === 'sort_desc' || keepsOrder(e.expr);
    case 'binary':
      return keepsOrder(e.left) || keepsOrder(e.right);
    case 'label_replace':
      return keepsOrder(e.expr);
    default:
      return false;
  }
}
