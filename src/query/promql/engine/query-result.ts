import type { Labels } from '../../../model/index.js';

/**
 * What a PromQL query returns, independent of any wire format: the Prometheus HTTP API
 * renders it, rules and the UI consume it directly. Timestamps are Unix milliseconds.
 */
export type QueryValue = ScalarValue | StringValue | VectorValue | MatrixValue;

export interface ScalarValue {
  readonly type: 'scalar';
  readonly timestampMs: number;
  readonly value: number;
}

export interface StringValue {
  readonly type: 'string';
  readonly timestampMs: number;
  readonly value: string;
}

export interface InstantSample {
  readonly labels: Labels;
  readonly timestampMs: number;
  readonly value: number;
}

/** An instant vector. Its order is the order Prometheus returns (meaningful after sort, topk, ...). */
export interface VectorValue {
  readonly type: 'vector';
  readonly samples: readonly InstantSample[];
}

export interface MatrixSeries {
  readonly labels: Labels;
  /** Parallel arrays, ascending time. */
  readonly timestampsMs: readonly number[];
  readonly values: readonly number[];
}

/** A range vector or a range query's result; sorted by label set for range queries. */
export interface MatrixValue {
  readonly type: 'matrix';
  readonly series: readonly MatrixSeries[];
}

/**
 * Annotations, rendered the way Prometheus's API does: the message followed by the position
 * of the expression it concerns, e.g. `PromQL info: metric might not be a counter, name does
 * not end in _total/_sum/_count/_bucket: "foo" (1:6)`.
 */
export interface QueryAnnotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

export interface QueryResult extends QueryAnnotations {
  readonly value: QueryValue;
}
