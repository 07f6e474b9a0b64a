/**
 * The LogQL functions and operators, as a table: the parser reads names from here, the engine
 * has one implementation per supported entry (a test checks both sides agree), and a UI can
 * offer completions from it. Names are matched case-insensitively, as Loki's lexer does.
 */

/** Range aggregations over a log range that this version evaluates. */
export const RANGE_OPS = ['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time'] as const;
export type RangeOp = (typeof RANGE_OPS)[number];

/** Range aggregations Loki has that need `| unwrap` (or sketches); parsed only to say they are not supported yet. */
export const UNWRAP_RANGE_OPS: readonly string[] = [
  'sum_over_time',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'stdvar_over_time',
  'stddev_over_time',
  'quantile_over_time',
  'first_over_time',
  'last_over_time',
  'rate_counter',
];

/** Vector aggregations this version evaluates; `topk`/`bottomk` take a positive integer first. */
export const VECTOR_OPS = ['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'sort', 'sort_desc'] as const;
export type VectorOp = (typeof VECTOR_OPS)[number];

/** Loki's vector aggregations that this version does not evaluate. */
export const UNSUPPORTED_VECTOR_OPS: readonly string[] = ['approx_topk'];

/** Vector aggregations with a numeric first argument. */
export const VECTOR_OPS_WITH_PARAM: ReadonlySet<VectorOp> = new Set<VectorOp>(['topk', 'bottomk']);

export const ARITHMETIC_OPS = ['+', '-', '*', '/', '%', '^'] as const;
export const COMPARISON_OPS = ['==', '!=', '>', '>=', '<', '<='] as const;
export const SET_OPS = ['and', 'or', 'unless'] as const;
export type ArithmeticOp = (typeof ARITHMETIC_OPS)[number];
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export type SetOp = (typeof SET_OPS)[number];
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** Binding strength, weakest first, as in Loki's grammar (and PromQL); `^` alone is right-associative. */
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '>=': 3,
  '<': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

export function isSetOp(op: BinaryOp): op is SetOp {
  return (SET_OPS as readonly string[]).includes(op);
}

export function isRangeOp(name: string): name is RangeOp {
  return (RANGE_OPS as readonly string[]).includes(name);
}

export function isVectorOp(name: string): name is VectorOp {
  return (VECTOR_OPS as readonly string[]).includes(name);
}
