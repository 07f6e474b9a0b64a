import type { Labels } from '../../../model/index.js';

/**
 * What an expression node evaluates to over the query's steps, column by column: one
 * Float64Array of length `steps` per series instead of an object per sample. The labels of a
 * series are fixed across steps, so everything that depends on labels (matching signatures,
 * grouping keys, result label sets) is computed once per series, not once per sample.
 */
export interface StepSeries {
  readonly labels: Labels;
  readonly values: Float64Array;
  /** 1 where the series has a value at that step. */
  readonly present: Uint8Array;
  /**
   * Prometheus 3's delayed name removal: the metric name is still in `labels` but goes at the
   * end of evaluation. Always false in prometheus2 mode, where names are dropped at once.
   */
  dropName: boolean;
}

export interface VectorSteps {
  readonly kind: 'vector';
  readonly series: StepSeries[];
}

export interface ScalarSteps {
  readonly kind: 'scalar';
  readonly values: Float64Array;
}

export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
}

/** Raw samples of one series (a range vector), ascending, staleness markers removed. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vals: Float64Array;
  dropName: boolean;
}

/**
 * A range vector: raw samples plus how to cut a window for a given evaluation time. Only
 * matrix selectors and subqueries produce it.
 */
export interface RangeSteps {
  readonly kind: 'range';
  readonly series: RangeSeries[];
  readonly rangeMs: number;
  readonly offsetMs: number;
  /** Fixed evaluation time from `@`, or undefined. */
  readonly atMs: number | undefined;
}

export type Evaluated = VectorSteps | ScalarSteps | StringValue | RangeSteps;

export function newStepSeries(labels: Labels, steps: number, dropName: boolean): StepSeries {
  return { labels, values: new Float64Array(steps), present: new Uint8Array(steps), dropName };
}

export function countPresent(s: StepSeries): number {
  let n = 0;
  const p = s.present;
  for (let i = 0; i < p.length; i++) n += p[i] as number;
  return n;
}
