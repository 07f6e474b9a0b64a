export type {
  BinaryExpr,
  Grouping,
  LabelReplace,
  Literal,
  LogQuery,
  LogqlQuery,
  MetricExpr,
  RangeAggregation,
  VectorAggregation,
  VectorLiteral,
  VectorMatching,
} from './ast.js';
export { parseLogql } from './parse-logql.js';
export { parseLogQuery, parseStreamSelectorParam } from './log-query.js';
export { arithmetic, compare } from './operator-math.js';
export type { ArithmeticOp, BinaryOp, ComparisonOp, RangeOp, SetOp, VectorOp } from './signatures.js';
export { RANGE_OPS, VECTOR_OPS, isComparisonOp, isSetOp } from './signatures.js';
export { formatMetricExpr } from './printer.js';
