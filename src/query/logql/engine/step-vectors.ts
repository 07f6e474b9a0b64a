import type { Labels } from '../../../model/index.js';
import { GrowableFloat64, GrowableInt32, labelsKey, limitExceeded } from '../../../model/index.js';

/**
 * An instant vector at every step of a query, sparse and columnar: step i holds the points
 * `[offsets[i], offsets[i + 1])` of `series` (indices into `labels`) and `values`. A series has
 * at most one point per step. This is what every node of a metric query evaluates to.
 */
export class StepVectors {
  constructor(
    readonly labels: readonly Labels[],
    readonly offsets: Int32Array,
    readonly series: Int32Array,
    readonly values: Float64Array,
  ) {}

  get steps(): number {
    return this.offsets.length - 1;
  }

  get points(): number {
    return this.series.length;
  }
}

/** How many points the vectors of one query may hold together, so a query cannot exhaust memory. */
export class PointBudget {
  private used = 0;

  constructor(readonly maxPoints: number) {}

  take(points: number): void {
    this.used += points;
    if (this.used > this.maxPoints) {
      throw limitExceeded(
        `the query would hold more than ${this.maxPoints.toLocaleString('en-US')} points in memory; ` +
          'narrow the stream selector, shorten the time range, increase the step, or aggregate with sum() or count()',
      );
    }
  }
}

/**
 * Collects points in any order and builds StepVectors (a counting sort by step, stable, so points
 * of one step keep the order they were added in). Label sets are interned: adding the same set
 * twice gives the same series index.
 */
export class StepVectorsBuilder {
  private readonly table: Labels[] = [];
  private readonly index = new Map<string, number>();
  private readonly step = new GrowableInt32(1024);
  private readonly series = new GrowableInt32(1024);
  private readonly values = new GrowableFloat64(1024);

  constructor(
    private readonly steps: number,
    private readonly budget: PointBudget,
  ) {}

  /** The series index of a label set, added when new. */
  intern(labels: Labels): number {
    const key = labelsKey(labels);
    let s = this.index.get(key);
    if (s === undefined) {
      s = this.table.length;
      this.table.push(labels);
      this.index.set(key, s);
    }
    return s;
  }

  add(step: number, series: number, value: number): void {
    this.step.push(step);
    this.series.push(series);
    this.values.push(value);
  }

  build(): StepVectors {
    const n = this.step.length;
    this.budget.take(n);
    const steps = this.step.view();
    const offsets = new Int32Array(this.steps + 1);
    for (let i = 0; i < n; i++) {
      const at = (steps[i] as number) + 1;
      offsets[at] = (offsets[at] as number) + 1;
    }
    for (let s = 0; s < this.steps; s++) offsets[s + 1] = (offsets[s + 1] as number) + (offsets[s] as number);
    const fill = offsets.slice(0, this.steps);
    const series = new Int32Array(n);
    const values = new Float64Array(n);
    const srcSeries = this.series.view();
    const srcValues = this.values.view();
    for (let i = 0; i < n; i++) {
      const step = steps[i] as number;
      const at = fill[step] as number;
      fill[step] = at + 1;
      series[at] = srcSeries[i] as number;
      values[at] = srcValues[i] as number;
    }
    return new StepVectors(this.table, offsets, series, values);
  }
}
