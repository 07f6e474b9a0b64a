export { PromqlEngine } from './engine.js';
export type { PromqlEngineOptions, InstantQuery, RangeQuery } from './engine.js';
export type { PromqlCompatibility } from './eval-context.js';
export { PromqlError } from '../parser/index.js';
export type { PromqlErrorType } from '../parser/index.js';
export type {
  QueryResult,
  QueryValue,
  ScalarValue,
  StringValue,
  VectorValue,
  MatrixValue,
  InstantSample,
  MatrixSeries,
  QueryAnnotations,
} from './query-result.js';
