import type { LabelMatcher } from '../../../model/index.js';

/**
 * The PromQL abstract syntax tree. The parser produces it fully type-checked; the printer
 * (`/api/v1/format_query`) and the engine consume it. Nodes are plain immutable objects
 * discriminated by `kind`; positions are UTF-16 offsets into the query text, [start, end).
 */

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface PosRange {
  readonly start: number;
  readonly end: number;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | CallExpr;

export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  /** Written as a duration (`5m` is the number 300); the printer writes it back that way. Absent otherwise. */
  readonly isDuration?: true;
  readonly pos: PosRange;
}

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly pos: PosRange;
}

/** `@ <time>`, `@ start()`, `@ end()`. */
export type AtModifier =
  | { readonly kind: 'time'; readonly ms: number }
  | { readonly kind: 'start' }
  | { readonly kind: 'end' };

/**
 * A duration inside `[...]`, after `offset`, or as a subquery step. Plain durations (`5m`) and
 * numbers (seconds) are literals; Prometheus 3's duration arithmetic (`[2m*15]`,
 * `offset -(1m+step())`, `min_of(step(), 1s)`) builds the other nodes. All arithmetic is in
 * seconds; see `evaluateDuration` for the conversion to milliseconds.
 */
export type DurationExpr = DurationLiteral | DurationUnary | DurationBinary | DurationCall | DurationParen;

export interface DurationLiteral {
  readonly kind: 'durationLiteral';
  /** Seconds (may be fractional or negative). */
  readonly seconds: number;
  /** True when written as a duration (`5m`), false when written as a number (`300`). */
  readonly isDuration: boolean;
  readonly pos: PosRange;
}

export interface DurationUnary {
  readonly kind: 'durationUnary';
  readonly op: '-' | '+';
  readonly expr: DurationExpr;
  readonly pos: PosRange;
}

export interface DurationBinary {
  readonly kind: 'durationBinary';
  readonly op: '+' | '-' | '*' | '/' | '%' | '^';
  readonly lhs: DurationExpr;
  readonly rhs: DurationExpr;
  readonly pos: PosRange;
}

/** `step()`, `range()` (the query's step and range; 0 for instant queries), `min_of(a, b)`, `max_of(a, b)`. */
export interface DurationCall {
  readonly kind: 'durationCall';
  readonly func: 'step' | 'range' | 'min_of' | 'max_of';
  readonly args: readonly DurationExpr[];
  readonly pos: PosRange;
}

export interface DurationParen {
  readonly kind: 'durationParen';
  readonly expr: DurationExpr;
  readonly pos: PosRange;
}

export interface VectorSelector {
  readonly kind: 'vectorSelector';
  /** The metric name as written before `{`, or '' (it is also among `matchers`). */
  readonly name: string;
  /** Every matcher, including `__name__="<name>"` when a name was written (first). */
  readonly matchers: readonly LabelMatcher[];
  /** `offset` modifier; undefined when absent. For a range selector it lives here, not on the MatrixSelector. */
  readonly offset: DurationExpr | undefined;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

export interface MatrixSelector {
  readonly kind: 'matrixSelector';
  readonly vector: VectorSelector;
  readonly range: DurationExpr;
  readonly pos: PosRange;
}

export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly range: DurationExpr;
  /** undefined: the engine's default resolution (`[5m:]`). */
  readonly step: DurationExpr | undefined;
  readonly offset: DurationExpr | undefined;
  readonly at: AtModifier | undefined;
  readonly pos: PosRange;
}

export interface ParenExpr {
  readonly kind: 'paren';
  readonly expr: Expr;
  readonly pos: PosRange;
}

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
  readonly pos: PosRange;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export type MatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/**
 * How two vectors are matched. Present on every vector/vector binary expression (set
 * operators are always many-to-many); absent when either side is a scalar.
 */
export interface VectorMatching {
  readonly card: MatchCardinality;
  /** true for `on(...)`, false for `ignoring(...)` or no clause. */
  readonly on: boolean;
  /** The labels of `on(...)` / `ignoring(...)`. */
  readonly labels: readonly string[];
  /** The extra labels of `group_left(...)` / `group_right(...)`. */
  readonly include: readonly string[];
  /** Prometheus 3 `fill(v)`, `fill_left(v)`, `fill_right(v)`: the value a missing side takes. */
  readonly fillLeft?: number;
  readonly fillRight?: number;
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** The `bool` modifier of a comparison. */
  readonly returnBool: boolean;
  readonly matching: VectorMatching | undefined;
  readonly pos: PosRange;
}

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** The first argument of topk, bottomk, quantile, count_values, limitk, limit_ratio. */
  readonly param: Expr | undefined;
  /** `by (...)` or `without (...)` labels; empty with `without: false` means no clause. */
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly pos: PosRange;
}

export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  /**
   * 0: exactly `argTypes`. n > 0: the last `n` of `argTypes` are optional.
   * -1: the last argument type repeats any number of times (label_join).
   */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Prometheus marks it experimental (behind --enable-feature=promql-experimental-functions). */
  readonly experimental: boolean;
}

export interface CallExpr {
  readonly kind: 'call';
  readonly func: FunctionSignature;
  readonly args: readonly Expr[];
  readonly pos: PosRange;
}

/** The type an expression evaluates to. */
export function exprType(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vectorSelector':
      return 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'paren':
    case 'unary':
      return exprType(e.expr);
    case 'binary':
      return exprType(e.lhs) === 'scalar' && exprType(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'aggregate':
      return 'vector';
    case 'call':
      return e.func.returnType;
  }
}
