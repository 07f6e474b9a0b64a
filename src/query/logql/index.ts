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
} from './parser/index.js';
export { parseLogql, parseLogQuery, parseStreamSelectorParam, formatMetricExpr, RANGE_OPS, VECTOR_OPS } from './parser/index.js';
export type { InstantQuery, LogqlEngineOptions, MatrixSeries, MetricResult, RangeQuery, VectorSample } from './engine/index.js';
export { LogqlEngine, MAX_STEPS, QueryStats } from './engine/index.js';
