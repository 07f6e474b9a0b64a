export type { InstantQuery, LogqlEngineOptions, MatrixSeries, MetricResult, RangeQuery, VectorSample } from './engine.js';
export { LogqlEngine, MAX_STEPS } from './engine.js';
export { QueryStats } from './eval-context.js';
