/**
 * The LogQL syntax tree this version evaluates: log queries (a stream selector with line and
 * label filters) and metric queries over them. Durations are nanoseconds (bigint), so a range
 * or offset keeps Go's precision. Every metric node carries `at`, the UTF-16 offset of its first
 * character in the query, for error messages.
 */
import type { LabelFilterExpr, LabelMatcher } from '../../../model/index.js';
import type { LineFilter } from '../../../store/contract.js';
import type { BinaryOp, RangeOp, VectorOp } from './signatures.js';

/** A LogQL log query as this version answers it: a stream selector, line filters and string label filters. */
export interface LogQuery {
  readonly matchers: LabelMatcher[];
  readonly lineFilters: LineFilter[];
  /** One expression per label filter stage, in query order; all must hold. */
  readonly labelFilters: LabelFilterExpr[];
}

/** `by (a, b)` or `without (a, b)`; `labels` may be empty (`by ()` groups everything together). */
export interface Grouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

/** `count_over_time({...} |= "x" [5m] offset 1h)`: the window for step t is (t - offset - range, t - offset]. */
export interface RangeAggregation {
  readonly type: 'range_aggregation';
  readonly op: RangeOp;
  readonly selector: LogQuery;
  readonly rangeNanos: bigint;
  readonly offsetNanos: bigint;
  readonly at: number;
}

/** `sum by (a) (expr)`, `topk(3, expr)`; `param` is k for topk/bottomk, else null. */
export interface VectorAggregation {
  readonly type: 'vector_aggregation';
  readonly op: VectorOp;
  readonly grouping: Grouping;
  readonly param: number | null;
  readonly expr: MetricExpr;
  readonly at: number;
}

/** `on (a)` / `ignoring (a)` and the cardinality of a binary operation between two vectors. */
export interface VectorMatching {
  /** True for `on (...)`: match on exactly these labels; false: on all labels but these. */
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** Labels of `group_left (...)` / `group_right (...)` copied from the "one" side. */
  readonly include: readonly string[];
}

export interface BinaryExpr {
  readonly type: 'binary';
  readonly op: BinaryOp;
  /** `bool`: comparisons answer 0 or 1 instead of filtering. */
  readonly returnBool: boolean;
  readonly matching: VectorMatching;
  readonly left: MetricExpr;
  readonly right: MetricExpr;
  readonly at: number;
}

/** A number; literal-only arithmetic is folded while parsing, as Loki does. */
export interface Literal {
  readonly type: 'literal';
  readonly value: number;
  readonly at: number;
}

/** `vector(1)`: one series without labels, at every step. */
export interface VectorLiteral {
  readonly type: 'vector';
  readonly value: number;
  readonly at: number;
}

/** `label_replace(expr, "dst", "replacement", "src", "regex")`, the regex fully anchored. */
export interface LabelReplace {
  readonly type: 'label_replace';
  readonly expr: MetricExpr;
  readonly dst: string;
  readonly replacement: string;
  readonly src: string;
  readonly regex: string;
  readonly at: number;
}

export type MetricExpr = RangeAggregation | VectorAggregation | BinaryExpr | Literal | VectorLiteral | LabelReplace;

/** A parsed query: either kind, as Loki tells them apart (`streams` or a metric result). */
export type LogqlQuery = { readonly kind: 'log'; readonly query: LogQuery } | { readonly kind: 'metric'; readonly expr: MetricExpr };
